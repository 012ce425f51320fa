import { organisationTypes } from '../db/schema/index.js';
import { CsrfField, ErrorSummary, SelectField, TextField, type FormErrors, type FormValues } from '../../ui/forms.js';
import type { PageContext } from '../../ui/page-context.js';
import { languageNames, languages } from '../../shared/i18n/languages.js';

export function OrganisationForm({ page, action, values, errors, submitLabel }: { page: PageContext; action: string; values: FormValues; errors?: FormErrors | undefined; submitLabel: string }) {
  const { t } = page;
  const selectedLanguages = (values['languages'] ?? '').split(',').filter(Boolean);
  return (
    <>
      <ErrorSummary page={page} errors={errors} />
      <form method="post" action={action} novalidate>
        <CsrfField page={page} />
        <SelectField page={page} name="type" label={t('organisations.field.type')} required values={values} errors={errors} options={organisationTypes.map((type) => ({ value: type, label: t(`organisationType.${type}`) }))} />
        <TextField page={page} name="legalName" label={t('organisations.field.legalName')} required values={values} errors={errors} autocomplete="organization" />
        <TextField page={page} name="addressLine" label={t('organisations.field.address')} values={values} errors={errors} autocomplete="street-address" />
        <TextField page={page} name="postcode" label={t('organisations.field.postcode')} values={values} errors={errors} autocomplete="postal-code" />
        <TextField page={page} name="city" label={t('organisations.field.city')} required values={values} errors={errors} />
        <TextField page={page} name="country" label={t('organisations.field.country')} hint={t('organisations.field.countryHint')} required values={values} errors={errors} maxlength={2} />
        <TextField page={page} name="latitude" label={t('organisations.field.latitude')} values={values} errors={errors} inputmode="decimal" />
        <TextField page={page} name="longitude" label={t('organisations.field.longitude')} values={values} errors={errors} inputmode="decimal" />
        <TextField page={page} name="oid" label={t('organisations.field.oid')} hint={t('organisations.field.oidHint')} values={values} errors={errors} maxlength={9} />
        <TextField page={page} name="website" type="url" label={t('organisations.field.website')} values={values} errors={errors} />
        <fieldset class="field">
          <legend>{t('organisations.field.languages')}</legend>
          {errors?.['languages'] && <p class="error-message">{t(errors['languages'])}</p>}
          <div class="checkbox-row">
            {languages.map((code) => (
              <label class="checkbox">
                <input type="checkbox" name="languages" value={code} checked={selectedLanguages.includes(code)} /> {languageNames[code]}
              </label>
            ))}
          </div>
        </fieldset>
        <button type="submit">{submitLabel}</button>
      </form>
    </>
  );
}
