import { CsrfField, ErrorSummary, LongTextField, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import { catalogueText, recognitionKinds, type AgreementContent } from './agreement-content.js';
import { cefrLevels } from './agreements.schema.js';
import type { unitsWithOutcomes } from './qualifications.repository.js';

type Units = Awaited<ReturnType<typeof unitsWithOutcomes>>;


/** A group of checkboxes in a fieldset; `selected` are the values ticked. */
export function CheckboxGroup({
  page,
  name,
  legend,
  options,
  selected,
  errors,
  isAnchor = true,
}: {
  page: PageContext;
  name: string;
  legend: string;
  options: { value: string; label: string }[];
  selected: string[];
  errors: FormErrors | undefined;
  isAnchor?: boolean;
}) {
  const error = isAnchor ? errors?.[name] : undefined;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={isAnchor ? `field-${name}` : undefined}>
      <legend>{legend}</legend>
      {error && <p class="error-message">{page.t(error)}</p>}
      {options.map((option) => (
        <div class="checkbox">
          <input
            type="checkbox"
            id={`${name}-${option.value}`}
            name={name}
            value={option.value}
            checked={selected.includes(option.value)}
          />
          <label for={`${name}-${option.value}`}>{option.label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** The form's values from a saved version, so editing starts from what was agreed. */
export function valuesFromContent(content: AgreementContent): { values: FormValues; outcomeKeys: string[]; recognition: string[] } {
  const values: FormValues = {
    qualificationSlug: content.qualification?.slug ?? '',
    freeOutcomes: content.outcomes
      .filter((outcome) => outcome.kind === 'free')
      .map((outcome) => outcome.text.fr)
      .join('\n'),
    startDate: content.startDate,
    endDate: content.endDate,
    hoursPerWeek: String(content.hoursPerWeek),
    tasks: content.tasks,
    mentorName: content.mentor?.name ?? '',
    mentorEmail: content.mentor?.email ?? '',
    assessment: content.assessment,
    recording: content.recording,
    recognitionDetails: content.recognitionDetails,
    language: content.language,
    cefrLevel: content.cefrLevel,
    insurance: content.insurance,
    inKindSupport: content.inKindSupport,
    adminSendingName: content.administrativeContactSending?.name ?? '',
    adminSendingEmail: content.administrativeContactSending?.email ?? '',
    adminSendingPhone: content.administrativeContactSending?.phone ?? '',
    adminHostName: content.administrativeContactHost?.name ?? '',
    adminHostEmail: content.administrativeContactHost?.email ?? '',
    adminHostPhone: content.administrativeContactHost?.phone ?? '',
  };
  return {
    values,
    outcomeKeys: content.outcomes.filter((outcome) => outcome.kind !== 'free').map((outcome) => outcome.key),
    recognition: content.recognition,
  };
}

type FormProps = {
  page: PageContext;
  action: string;
  baseVersion: number;
  values: FormValues;
  outcomeKeys: string[];
  recognition: string[];
  errors: FormErrors | undefined;
  qualifications: { slug: string; title: { fr: string; en: string } }[];
  units: Units;
};

/**
 * The agreement form. Choosing a qualification reloads the page with its outcomes (a GET form, so no
 * script is needed); the outcomes are then ticked in the main form.
 */
export function AgreementFormView(props: FormProps) {
  const { page, values, errors } = props;
  const { t, language } = page;
  return (
    <>
      <form method="get" action={props.action + '/edit'} class="filter-bar">
        <SelectField
          page={page}
          name="qualification"
          label={t('agreements.form.qualification')}
          values={{ qualification: values['qualificationSlug'] }}
          options={props.qualifications.map((q) => ({ value: q.slug, label: catalogueText(q.title, language) }))}
        />
        <button type="submit" class="button-small">
          {t('agreements.form.showOutcomes')}
        </button>
      </form>
      <form method="post" action={props.action} novalidate>
        <CsrfField page={page} />
        <ErrorSummary page={page} errors={errors} />
        <input type="hidden" name="baseVersion" value={String(props.baseVersion)} />
        <input type="hidden" name="qualificationSlug" value={values['qualificationSlug'] ?? ''} />
        {props.units.map((unit, index) => (
          <CheckboxGroup
            isAnchor={index === 0}
            page={page}
            name="outcomeKeys"
            legend={`${unit.code} — ${catalogueText(unit.title, language)}`}
            options={unit.outcomes.map((outcome) => ({ value: outcome.key, label: catalogueText(outcome.text, language) }))}
            selected={props.outcomeKeys}
            errors={errors}
          />
        ))}
        <LongTextField
          page={page}
          name="freeOutcomes"
          label={t('agreements.form.freeOutcomes')}
          hint={t('agreements.form.freeOutcomesHint')}
          values={values}
          errors={errors}
        />
        <TextField
          page={page}
          name="startDate"
          type="date"
          label={t('agreements.form.startDate')}
          values={values}
          errors={errors}
          required
        />
        <TextField page={page} name="endDate" type="date" label={t('agreements.form.endDate')} values={values} errors={errors} required />
        <TextField
          page={page}
          name="hoursPerWeek"
          inputmode="numeric"
          label={t('agreements.form.hoursPerWeek')}
          values={values}
          errors={errors}
          required
        />
        <LongTextField page={page} name="tasks" label={t('agreements.form.tasks')} values={values} errors={errors} />
        <TextField page={page} name="mentorName" label={t('agreements.form.mentorName')} values={values} errors={errors} />
        <TextField page={page} name="mentorEmail" type="email" label={t('agreements.form.mentorEmail')} values={values} errors={errors} />
        <LongTextField page={page} name="assessment" label={t('agreements.form.assessment')} values={values} errors={errors} />
        <LongTextField page={page} name="recording" label={t('agreements.form.recording')} values={values} errors={errors} />
        <CheckboxGroup
          page={page}
          name="recognition"
          legend={t('agreements.form.recognition')}
          options={recognitionKinds.map((kind) => ({ value: kind, label: t(`signing.recognition.${kind}`) }))}
          selected={props.recognition}
          errors={errors}
        />
        <TextField page={page} name="recognitionDetails" label={t('agreements.form.recognitionDetails')} values={values} errors={errors} />
        <TextField page={page} name="language" label={t('agreements.form.language')} values={values} errors={errors} required />
        <SelectField
          page={page}
          name="cefrLevel"
          label={t('agreements.form.cefrLevel')}
          values={values}
          errors={errors}
          required
          options={cefrLevels.map((level) => ({ value: level, label: level }))}
        />
        <LongTextField page={page} name="insurance" label={t('agreements.form.insurance')} values={values} errors={errors} />
        <LongTextField page={page} name="inKindSupport" label={t('agreements.form.inKindSupport')} values={values} errors={errors} />
        <fieldset>
          <legend>{t('signing.view.adminSending')}</legend>
          <TextField page={page} name="adminSendingName" label={t('common.name')} values={values} errors={errors} />
          <TextField page={page} name="adminSendingEmail" type="email" label={t('agreements.form.email')} values={values} errors={errors} />
          <TextField page={page} name="adminSendingPhone" type="tel" label={t('agreements.form.phone')} values={values} errors={errors} />
        </fieldset>
        <fieldset>
          <legend>{t('signing.view.adminHost')}</legend>
          <TextField page={page} name="adminHostName" label={t('common.name')} values={values} errors={errors} />
          <TextField page={page} name="adminHostEmail" type="email" label={t('agreements.form.email')} values={values} errors={errors} />
          <TextField page={page} name="adminHostPhone" type="tel" label={t('agreements.form.phone')} values={values} errors={errors} />
        </fieldset>
        <p class="hint">{t('agreements.form.fromMobility')}</p>
        <button type="submit">{t('common.save')}</button>
      </form>
    </>
  );
}
