import type { Child } from 'hono/jsx';
import type { PageContext } from './page-context.js';
import type { MessageKey } from '../shared/i18n/translate.js';

export type FormErrors = Record<string, MessageKey>;
export type FormValues = Record<string, string | undefined>;

export function CsrfField({ page }: { page: PageContext }) {
  return <input type="hidden" name="_csrf" value={page.csrfToken} />;
}

/** Lists every error at the top of the form, each linking to its field (WCAG 3.3.1). */
export function ErrorSummary({ page, errors }: { page: PageContext; errors: FormErrors | undefined }) {
  const entries = Object.entries(errors ?? {});
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1} aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{page.t('common.form.errorSummary')}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field}`}>{page.t(message)}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

type FieldProps = {
  page: PageContext;
  name: string;
  label: string;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
  type?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'decimal' | 'numeric' | 'tel' | 'email' | 'url' | 'text';
  maxlength?: number;
};

export function TextField(props: FieldProps) {
  const { page, name, label, values, errors, hint } = props;
  const error = errors?.[name];
  const describedBy = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ');
  const isPassword = props.type === 'password';
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>
        {label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {hint && (
        <p class="hint" id={`hint-${name}`}>
          {hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`error-${name}`}>
          {page.t(error)}
        </p>
      )}
      <input
        id={`field-${name}`}
        name={name}
        type={props.type ?? 'text'}
        value={isPassword ? undefined : values?.[name]}
        required={props.required}
        autocomplete={props.autocomplete}
        inputmode={props.inputmode}
        maxlength={props.maxlength ?? 500}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

export function SelectField(
  props: Omit<FieldProps, 'type' | 'autocomplete' | 'inputmode' | 'maxlength'> & {
    options: { value: string; label: string }[];
    multiple?: boolean;
    selected?: string[];
  },
) {
  const { page, name, label, values, errors, options } = props;
  const error = errors?.[name];
  const selected = props.selected ?? (values?.[name] ? [values[name]!] : []);
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>
        {label}
        {props.required && <span aria-hidden="true"> *</span>}
      </label>
      {props.hint && (
        <p class="hint" id={`hint-${name}`}>
          {props.hint}
        </p>
      )}
      {error && (
        <p class="error-message" id={`error-${name}`}>
          {page.t(error)}
        </p>
      )}
      <select
        id={`field-${name}`}
        name={name}
        required={props.required}
        multiple={props.multiple}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={[props.hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ') || undefined}
      >
        {!props.multiple && !props.required && <option value="">—</option>}
        {options.map((option) => (
          <option value={option.value} selected={selected.includes(option.value)}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function PostButton({
  page,
  action,
  label,
  quiet,
  hidden = {},
}: {
  page: PageContext;
  action: string;
  label: string;
  quiet?: boolean;
  hidden?: Record<string, string>;
}) {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField page={page} />
      {Object.entries(hidden).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" class={quiet ? 'button-small button-quiet' : 'button-small'}>
        {label}
      </button>
    </form>
  );
}

export function Section({ title, children, id }: { title: string; children: Child; id?: string }) {
  const headingId = id ?? `section-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}
