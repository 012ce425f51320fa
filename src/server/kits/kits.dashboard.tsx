import { Section } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import type { AppContext } from '../http/context.js';
import { countProposedCorrections } from './kits.repository.js';

/** Home-page section for reviewers (platform admins, network animators): corrections waiting. */
export async function KitCorrectionsSection({ c, page }: { c: AppContext; page: PageContext }) {
  const waiting = await countProposedCorrections(c.get('deps').db);
  return (
    <Section title={page.t('kits.nav.review')} id="dashboard-kit-corrections">
      <p>
        <a href="/kit-corrections">{page.t('kits.dashboard.pending', { count: waiting })}</a>
      </p>
    </Section>
  );
}
