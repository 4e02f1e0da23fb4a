import { Layout } from './layout.js';
import type { PageDeps } from './page-deps.js';

/** The answer to every "never e-mail me again": landing page, List-Unsubscribe and do-not-contact. */
export function StoppedView({ deps }: { deps: PageDeps }) {
  const title = `Done: ${deps.brand} will never e-mail you again`;
  return (
    <Layout deps={deps} title={title} done>
      <h1>{title}</h1>
      <p>
        This covers every invitation from everyone on {deps.brand}, including any that were already on their
        way. You don't need to do anything else.
      </p>
    </Layout>
  );
}
