import type { ReactNode } from 'react';
import { EmptyState } from '../components/empty-state';
import { Page } from '../components/page';
import { PageIcon } from '../components/page-icon';
import { pageLabel, type PageId } from '../store/nav-slice';

interface PlaceholderPageProps {
  id: PageId;
  subtitle: string;
  emptyTitle: string;
  /** What will live on this page once its feature lands. */
  children: ReactNode;
  feature: string;
}

/** A page whose feature has not landed yet: says what it will hold, with no made-up data. */
export function PlaceholderPage({ id, subtitle, emptyTitle, children, feature }: PlaceholderPageProps) {
  return (
    <Page id={id} title={pageLabel(id)} subtitle={subtitle}>
      <EmptyState title={emptyTitle} icon={<PageIcon page={id} size={36} />}>
        <p>{children}</p>
        <p className="muted">Arrives with the {feature} feature.</p>
      </EmptyState>
    </Page>
  );
}
