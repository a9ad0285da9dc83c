import type {} from './studio-bridge';
/**
 * A path main can read for a file the user picked or dropped. Electron's preload knows the real path;
 * browser mode has none, so the file is streamed to the local server (token cookie, same origin)
 * and imported from that copy.
 */
export async function pathForFile(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  const local = window.studio?.pathForFile?.(file);
  if (local) return local;
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
    xhr.setRequestHeader('X-Studio-Upload', '1');
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress?.(e.loaded / e.total);
    xhr.onload = () => {
      if (xhr.status !== 200) return reject(new Error(xhr.responseText || `Upload failed (${xhr.status})`));
      resolve((JSON.parse(xhr.responseText) as { path: string }).path);
    };
    xhr.onerror = () => reject(new Error('Upload failed: connection lost'));
    xhr.send(file);
  });
}
