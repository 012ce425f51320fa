import { Layout } from '../../ui/layout.js';
import { CsrfField, ErrorSummary, LongTextField, PostButton, Section, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import { countryName, formatDate, formatDateTime } from '../../shared/format.js';
import { CheckboxGroup } from '../agreements/agreement-form.js';
import type { directoryAlumni } from '../db/schema/index.js';
import { directoryTrades } from './map-content.js';
import { ReviewButtons, localised } from './map.pages.js';
import type { hostCityChoices, reviewQueue, visibleMessage } from './map.service.js';
import type { listMessagesOf } from './map.repository.js';

type Alumnus = typeof directoryAlumni.$inferSelect;
type MessageRow = Awaited<ReturnType<typeof listMessagesOf>>[number];

const entryLink = (row: Pick<MessageRow, 'hostSlug' | 'alumnusSlug' | 'hostName' | 'alumnusName'>) =>
  row.hostSlug ? (
    <a href={`/map/hosts/${row.hostSlug}`}>{row.hostName}</a>
  ) : row.alumnusSlug ? (
    <a href={`/map/alumni/${row.alumnusSlug}`}>{row.alumnusName}</a>
  ) : null;

export function InboxPage({ page, rows }: { page: PageContext; rows: MessageRow[] }) {
  const { t, language, viewer } = page;
  return (
    <Layout page={page} title={t('map.inbox.title')}>
      <p class="breadcrumb">
        <a href="/map">{t('map.back')}</a>
      </p>
      <h1>{t('map.inbox.title')}</h1>
      {rows.length === 0 ? (
        <p>{t('map.inbox.empty')}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('map.inbox.date')}</th>
                <th scope="col">{t('map.inbox.direction')}</th>
                <th scope="col">{t('map.inbox.entry')}</th>
                <th scope="col">{t('map.inbox.kind')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/map/messages/${row.message.id}`}>{formatDateTime(language, row.message.createdAt)}</a>
                  </td>
                  <td>
                    {row.message.recipientId === viewer?.personId ? t('map.inbox.from', { name: row.senderName }) : t('map.inbox.sent')}
                  </td>
                  <td>{entryLink(row)}</td>
                  <td>{t(`map.contact.kind.${row.message.kind}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

type MessageView = Awaited<ReturnType<typeof visibleMessage>>;

export function MessagePage({
  page,
  view,
  values,
  errors,
}: {
  page: PageContext;
  view: MessageView;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
}) {
  const { t, language } = page;
  const { message } = view;
  return (
    <Layout page={page} title={t(`map.contact.kind.${message.kind}`)}>
      <p class="breadcrumb">
        <a href="/map/inbox">{t('map.inbox.title')}</a>
      </p>
      <h1>{t(`map.contact.kind.${message.kind}`)}</h1>
      <p>
        {t('map.inbox.from', { name: view.senderName })} · {formatDateTime(language, message.createdAt)} · {entryLink(view)}
      </p>
      {message.period && (
        <p>
          {t('map.contact.period')} : {message.period}
        </p>
      )}
      <p class="mail-body">{message.body}</p>
      {view.isRecipient && !message.reportedAt && (
        <>
          <Section title={t('map.message.reply')} id="reply">
            <ErrorSummary page={page} errors={errors} />
            <form method="post" action={`/map/messages/${message.id}/reply`} novalidate>
              <CsrfField page={page} />
              <LongTextField
                page={page}
                name="body"
                label={t('map.contact.body')}
                hint={t('map.contact.privacy')}
                values={values ?? {}}
                errors={errors}
              />
              <button type="submit">{t('map.contact.send')}</button>
            </form>
          </Section>
          <details class="row-actions">
            <summary>{t('map.message.report')}</summary>
            <form method="post" action={`/map/messages/${message.id}/report`}>
              <CsrfField page={page} />
              <TextField page={page} name="reason" label={t('map.message.reportReason')} values={{}} maxlength={1000} />
              <button type="submit" class="button-small">
                {t('map.message.report')}
              </button>
            </form>
          </details>
        </>
      )}
      {message.reportedAt && <p class="badge">{t('map.message.reported')}</p>}
    </Layout>
  );
}

type Queue = Awaited<ReturnType<typeof reviewQueue>>;

export function ReviewPage({ page, queue }: { page: PageContext; queue: Queue }) {
  const { t, language } = page;
  const hostItems = (rows: Queue['proposedHosts']) =>
    rows.map((row) => (
      <li>
        <a href={`/map/hosts/${row.host.slug}`}>{row.name}</a> — {row.city}, {countryName(language, row.country)} ·{' '}
        {t('map.lastConfirmed', { date: formatDate(language, row.host.lastConfirmedOn) })}
        <ReviewButtons page={page} kind="host" id={row.host.id} status={row.host.status} />
      </li>
    ));
  const alumniItems = (rows: Queue['proposedAlumni']) =>
    rows.map((row) => (
      <li>
        <a href={`/map/alumni/${row.slug}`}>{row.displayName}</a> — {row.hostCity}, {countryName(language, row.hostCountry)} ·{' '}
        {consentState(page, row)}
        <ReviewButtons page={page} kind="alumnus" id={row.id} status={row.status} />
      </li>
    ));
  const list = (items: unknown[]) => (items.length === 0 ? <p>{t('mapCuration.none')}</p> : <ul class="plain-list">{items}</ul>);
  return (
    <Layout page={page} title={t('mapCuration.title')}>
      <h1>{t('mapCuration.title')}</h1>
      <Section title={t('mapCuration.proposed')} id="proposed">
        {list([...hostItems(queue.proposedHosts), ...alumniItems(queue.proposedAlumni)])}
      </Section>
      <Section title={t('mapCuration.stale')} id="stale">
        <p class="hint">{t('mapCuration.staleHint')}</p>
        {list([...hostItems(queue.staleHosts), ...alumniItems(queue.staleAlumni)])}
      </Section>
      <Section title={t('mapCuration.reported')} id="reported">
        {list(
          queue.reported.map((row) => (
            <li>
              {formatDateTime(language, row.message.reportedAt!)} · {t('map.inbox.from', { name: row.senderName })} · {entryLink(row)}
              <p class="mail-body">{row.message.body}</p>
              <p>
                {t('map.message.reportReason')} : {row.message.reportReason}
              </p>
            </li>
          )),
        )}
      </Section>
    </Layout>
  );
}

/** Where an ambassador profile stands: what it still waits for before it is on the map. */
export function consentState(page: PageContext, alumnus: Alumnus) {
  const { t } = page;
  if (alumnus.consentWithdrawnAt) return t('map.ambassador.state.withdrawn');
  if (alumnus.isGuardianConsentRequired && !alumnus.guardianConsentGivenAt) return t('map.ambassador.state.guardian');
  if (alumnus.status !== 'published') return t('map.ambassador.state.review');
  return t('map.ambassador.state.public');
}

type Cities = Awaited<ReturnType<typeof hostCityChoices>>;

export function ambassadorValues(alumnus: Alumnus | undefined): FormValues {
  if (!alumnus) return { languages: 'fr', isHappyToBeContacted: 'on' };
  return {
    displayName: alumnus.displayName,
    trade: alumnus.trade,
    homeCentre: alumnus.homeCentre,
    hostCity: `${alumnus.hostCountry}|${alumnus.hostCity}`,
    year: String(alumnus.year),
    durationWeeks: String(alumnus.durationWeeks),
    testimonialFr: alumnus.testimonial['fr'] ?? '',
    testimonialEn: alumnus.testimonial.en,
    languages: alumnus.languages.join(','),
    isHappyToBeContacted: alumnus.isHappyToBeContacted ? 'on' : '',
  };
}

const spokenLanguages = ['fr', 'en', 'de', 'es', 'it', 'nl', 'pl', 'pt', 'fi', 'sv'] as const;

export function AmbassadorPage({
  page,
  alumnus,
  cities,
  values,
  errors,
}: {
  page: PageContext;
  alumnus: Alumnus | undefined;
  cities: Cities;
  values: FormValues;
  errors?: FormErrors | undefined;
}) {
  const { t, language } = page;
  const isActive = alumnus && !alumnus.consentWithdrawnAt;
  const languageLabel = (code: string) => new Intl.DisplayNames([language], { type: 'language' }).of(code) ?? code;
  return (
    <Layout page={page} title={t('map.ambassador.title')}>
      <p class="breadcrumb">
        <a href="/map">{t('map.back')}</a>
      </p>
      <h1>{t('map.ambassador.title')}</h1>
      <p>{t('map.ambassador.intro')}</p>
      {alumnus && (
        <Section title={t('map.ambassador.state')} id="state">
          <p role="status">{consentState(page, alumnus)}</p>
          {isActive && (
            <>
              <p>
                <a href={`/map/alumni/${alumnus.slug}`}>{t('map.openEntry')}</a>
              </p>
              <PostButton page={page} action="/map/ambassador/withdraw" label={t('map.ambassador.withdraw')} />
            </>
          )}
        </Section>
      )}
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action="/map/ambassador" novalidate>
        <CsrfField page={page} />
        <TextField
          page={page}
          name="displayName"
          label={t('map.ambassador.displayName')}
          hint={t('map.ambassador.displayNameHint')}
          values={values}
          errors={errors}
          maxlength={40}
          required
        />
        <SelectField
          page={page}
          name="trade"
          label={t('map.filter.trade')}
          values={values}
          errors={errors}
          required
          options={directoryTrades.map((trade) => ({ value: trade, label: t(`map.trade.${trade}`) }))}
        />
        <TextField
          page={page}
          name="homeCentre"
          label={t('map.fact.homeCentre')}
          values={values}
          errors={errors}
          maxlength={200}
          required
        />
        <SelectField
          page={page}
          name="hostCity"
          label={t('map.ambassador.hostCity')}
          hint={t('map.ambassador.hostCityHint')}
          values={values}
          errors={errors}
          required
          options={cities.map((city) => ({ value: city.value, label: `${city.city}, ${countryName(language, city.country)}` }))}
        />
        <TextField
          page={page}
          name="year"
          label={t('map.ambassador.year')}
          inputmode="numeric"
          values={values}
          errors={errors}
          maxlength={4}
          required
        />
        <TextField
          page={page}
          name="durationWeeks"
          label={t('map.ambassador.weeks')}
          inputmode="numeric"
          values={values}
          errors={errors}
          maxlength={2}
          required
        />
        <LongTextField page={page} name="testimonialFr" label={t('map.ambassador.testimonialFr')} values={values} errors={errors} />
        <LongTextField page={page} name="testimonialEn" label={t('map.ambassador.testimonialEn')} values={values} errors={errors} />
        <CheckboxGroup
          page={page}
          name="languages"
          legend={t('map.filter.language')}
          options={spokenLanguages.map((code) => ({ value: code, label: languageLabel(code) }))}
          selected={(values['languages'] ?? '').split(',')}
          errors={errors}
        />
        <div class="field">
          <label class="checkbox">
            <input type="checkbox" name="isHappyToBeContacted" checked={values['isHappyToBeContacted'] === 'on'} />{' '}
            {t('map.fact.happyToBeContacted')}
          </label>
        </div>
        <div class={errors?.['consent'] ? 'field field-error' : 'field'} id="field-consent">
          {errors?.['consent'] && <p class="error-message">{t(errors['consent'])}</p>}
          <label class="checkbox">
            <input type="checkbox" name="consent" /> {t('map.ambassador.consent')}
          </label>
          <p class="hint">{t('map.ambassador.consentHint')}</p>
        </div>
        <button type="submit">{t('map.ambassador.save')}</button>
      </form>
    </Layout>
  );
}

export function GuardianPage({ page, profiles }: { page: PageContext; profiles: Alumnus[] }) {
  const { t, language } = page;
  return (
    <Layout page={page} title={t('map.guardian.title')}>
      <h1>{t('map.guardian.title')}</h1>
      <p>{t('map.guardian.intro')}</p>
      {profiles.length === 0 ? (
        <p>{t('map.guardian.none')}</p>
      ) : (
        profiles.map((alumnus) => (
          <section class="panel" aria-labelledby={`ward-${alumnus.id}`}>
            <h2 id={`ward-${alumnus.id}`}>{alumnus.displayName}</h2>
            <p>
              {alumnus.hostCity}, {countryName(language, alumnus.hostCountry)} · {alumnus.year}
            </p>
            <p class="preserve-lines">{localised(alumnus.testimonial, language)}</p>
            <p role="status">{consentState(page, alumnus)}</p>
            {!alumnus.consentWithdrawnAt && alumnus.isGuardianConsentRequired && !alumnus.guardianConsentGivenAt && (
              <PostButton page={page} action={`/map/guardian/${alumnus.id}/consent`} label={t('map.guardian.consent')} />
            )}
            {!alumnus.consentWithdrawnAt && (
              <PostButton page={page} action={`/map/guardian/${alumnus.id}/withdraw`} label={t('map.ambassador.withdraw')} quiet />
            )}
          </section>
        ))
      )}
    </Layout>
  );
}
