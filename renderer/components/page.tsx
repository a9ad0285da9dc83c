import type { ReactNode } from 'react';
import type { PageId } from '../store/nav-slice';

interface PageProps {
  id: PageId;
  title: string;
  subtitle?: string;
  actions?: ReactNode;
  children: ReactNode;
}

/** Every page's frame: one h1 and a test id the end-to-end test finds it by. */
export function Page({ id, title, subtitle, actions, children }: PageProps) {
  const titleId = `page-title-${id}`;
  return (
    <section className="page" data-testid={`page-${id}`} aria-labelledby={titleId}>
      <header className="page-header">
        <div>
          <h1 id={titleId}>{title}</h1>
          {subtitle && <p className="page-subtitle">{subtitle}</p>}
        </div>
        {actions && <div className="page-actions">{actions}</div>}
      </header>
      {children}
    </section>
  );
}
