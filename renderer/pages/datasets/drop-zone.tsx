import { useRef, useState, type DragEvent, type ReactNode } from 'react';

const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer.types).includes('Files');

/**
 * Makes its whole area a drop target for one file, highlighted while a file is dragged over it.
 * dragenter/dragleave fire for every child crossed, so a counter tells "left the zone" apart.
 */
export function DropZone({ onFile, disabled, children }: { onFile: (file: File) => void; disabled: boolean; children: ReactNode }) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const reset = () => {
    depth.current = 0;
    setOver(false);
  };
  return (
    <div
      className={over ? 'drop-zone drop-zone-active' : 'drop-zone'}
      data-testid="dataset-drop-zone"
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current++;
        setOver(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        // Without preventDefault the browser refuses the drop (and would open the file instead).
        e.preventDefault();
        e.dataTransfer.dropEffect = disabled ? 'none' : 'copy';
      }}
      onDragLeave={(e) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        reset();
        const file = e.dataTransfer.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      {children}
      {over && (
        <div className="drop-overlay" aria-hidden="true">
          <div className="drop-overlay-box">{disabled ? 'An import is already running' : 'Drop the file to import it'}</div>
        </div>
      )}
    </div>
  );
}
