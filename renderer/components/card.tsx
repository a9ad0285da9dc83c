import type { ReactNode } from 'react';

interface CardProps {
  title: string;
  /** A short figure or badge shown beside the title. */
  aside?: ReactNode;
  className?: string;
  testId?: string;
  children: ReactNode;
}

export function Card({ title, aside, className, testId, children }: CardProps) {
  return (
    <section className={className ? `card ${className}` : 'card'} data-testid={testId}>
      <header className="card-header">
        <h3 className="card-title">{title}</h3>
        {aside !== undefined && <div className="card-aside">{aside}</div>}
      </header>
      {children}
    </section>
  );
}
