/**
 * Saves text as a file through a Blob URL and an `<a download>` click: Chromium shows its save
 * flow in browser mode and Electron its save dialog (will-download), with no fs access here.
 */
export function downloadText(fileName: string, text: string, type = 'text/html'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  // The click starts the download synchronously; a moment later the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
