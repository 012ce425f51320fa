import type { PageContext } from '../../ui/page-context.js';
import { countryName, formatDate } from '../../shared/format.js';
import { catalogueText, type AgreementContent, type AgreementPerson } from './agreement-content.js';

const personLine = (person: AgreementPerson | null) =>
  person ? [person.name, person.email, person.phone].filter(Boolean).join(' · ') : '—';

/**
 * The agreement as every signer reads it, in their language (catalogue text in French or English):
 * the same component for the coach's version page and the signing page.
 */
export function AgreementView({ page, content }: { page: PageContext; content: AgreementContent }) {
  const { t, language } = page;
  const contentLang = language === 'fr' || language === 'en' ? undefined : 'en';
  const organisation = (value: AgreementContent['hostOrganisation']) =>
    `${value.name}, ${value.city} (${countryName(language, value.country)})`;
  return (
    <div class="agreement">
      <section class="panel" aria-labelledby="agreement-parties">
        <h2 id="agreement-parties">{t('signing.view.parties')}</h2>
        <dl class="facts">
          <dt>{t('signing.view.learner')}</dt>
          <dd>{content.learner.name}</dd>
          <dt>{t('signing.view.sending')}</dt>
          <dd>{organisation(content.sendingOrganisation)}</dd>
          <dt>{t('signing.view.host')}</dt>
          <dd>{organisation(content.hostOrganisation)}</dd>
          <dt>{t('signing.view.tutor')}</dt>
          <dd>{personLine(content.tutor)}</dd>
          <dt>{t('signing.view.mentor')}</dt>
          <dd>{personLine(content.mentor)}</dd>
          <dt>{t('signing.view.dates')}</dt>
          <dd>
            {t('signing.view.dateRange', { start: formatDate(language, content.startDate), end: formatDate(language, content.endDate) })}
          </dd>
          <dt>{t('signing.view.hoursPerWeek')}</dt>
          <dd>{content.hoursPerWeek}</dd>
          <dt>{t('signing.view.language')}</dt>
          <dd>
            {content.language} — {content.cefrLevel}
          </dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="agreement-tasks">
        <h2 id="agreement-tasks">{t('signing.view.tasks')}</h2>
        <p class="preserve-lines">{content.tasks}</p>
      </section>
      <section class="panel" aria-labelledby="agreement-outcomes">
        <h2 id="agreement-outcomes">{t('signing.view.outcomes')}</h2>
        {content.qualification && (
          <p lang={contentLang}>
            {catalogueText(content.qualification.title, language)} — {t('signing.view.eqf', { level: content.qualification.eqfLevel })}
          </p>
        )}
        <ul>
          {content.outcomes.map((outcome) => (
            <li lang={outcome.kind === 'free' ? undefined : contentLang}>
              {outcome.unitCode && <strong>{outcome.unitCode}: </strong>}
              {catalogueText(outcome.text, language)}
            </li>
          ))}
        </ul>
        <dl class="facts">
          <dt>{t('signing.view.assessment')}</dt>
          <dd>{content.assessment}</dd>
          <dt>{t('signing.view.recording')}</dt>
          <dd>{content.recording}</dd>
          <dt>{t('signing.view.recognition')}</dt>
          <dd>
            {content.recognition.map((kind) => t(`signing.recognition.${kind}`)).join(', ')}
            {content.recognitionDetails && ` — ${content.recognitionDetails}`}
          </dd>
        </dl>
      </section>
      <section class="panel" aria-labelledby="agreement-support">
        <h2 id="agreement-support">{t('signing.view.support')}</h2>
        <dl class="facts">
          <dt>{t('signing.view.insurance')}</dt>
          <dd>{content.insurance}</dd>
          <dt>{t('signing.view.inKind')}</dt>
          <dd>{content.inKindSupport || '—'}</dd>
          <dt>{t('signing.view.adminSending')}</dt>
          <dd>{personLine(content.administrativeContactSending)}</dd>
          <dt>{t('signing.view.adminHost')}</dt>
          <dd>{personLine(content.administrativeContactHost)}</dd>
          {content.guardians.map((guardian) => (
            <>
              <dt>{t('signing.view.guardian')}</dt>
              <dd>{personLine(guardian)}</dd>
            </>
          ))}
          {content.accompanyingPersons.map((person) => (
            <>
              <dt>{t('signing.view.accompanying')}</dt>
              <dd>{personLine(person)}</dd>
            </>
          ))}
          {content.emergencyContacts.map((contact) => (
            <>
              <dt>{t(contact.side === 'sending' ? 'signing.view.emergencySending' : 'signing.view.emergencyHost')}</dt>
              <dd>{[contact.name, contact.phone, contact.relationship].filter(Boolean).join(' · ')}</dd>
            </>
          ))}
        </dl>
      </section>
    </div>
  );
}
