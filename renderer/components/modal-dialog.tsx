import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

interface ModalDialogProps {
  title: string;
  /** Called for Esc, the close button and Cancel. */
  onClose: () => void;
  /** Enter in a field submits (a real form); the caller checks what it needs. */
  onSubmit: () => void;
  submitLabel: string;
  submitDisabled?: boolean;
  danger?: boolean;
  testId: string;
  wide?: boolean;
  children: ReactNode;
}

/**
 * A modal built on <dialog>.showModal(): the browser traps focus inside and makes the page behind
 * inert; Esc (the `cancel` event) asks the owner to close it, and focus goes back to the opener.
 */
export function ModalDialog({ title, onClose, onSubmit, submitLabel, submitDisabled, danger, testId, wide, children }: ModalDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const closeRef = useRef(onClose);
  closeRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    // showModal focuses the first focusable element, the × button; the first field is more useful.
    dialog.querySelector<HTMLElement>('[data-autofocus], input:not([type=hidden]):not(:disabled), select, textarea, button[type=submit]')?.focus();
    const onCancel = (e: Event) => {
      // Closing is React's job (it unmounts the dialog); the default would close it behind React's back.
      e.preventDefault();
      closeRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
      // React removes the dialog rather than closing it, which skips the browser's own focus
      // restore; without this, focus would fall to <body> and Tab would start over.
      if (opener?.isConnected) opener.focus();
    };
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!submitDisabled) onSubmit();
  };

  const titleId = `${testId}-title`;
  return (
    <dialog ref={ref} className={wide ? 'modal modal-wide' : 'modal'} aria-labelledby={titleId} data-testid={testId}>
      <form className="modal-form" onSubmit={submit} noValidate>
        <header className="modal-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-body">{children}</div>
        <footer className="modal-footer">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={danger ? 'button button-danger-solid' : 'button button-primary'} disabled={submitDisabled} data-testid={`${testId}-submit`}>
            {submitLabel}
          </button>
        </footer>
      </form>
    </dialog>
  );
}
