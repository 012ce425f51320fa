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

/**
 * What every field shares: its label (with a star when required), hint and error, and the ids
 * the control points to with aria-describedby (WCAG 1.3.1 and 3.3.1).
 */
function FieldFrame(props: { page: PageContext; name: string; label: string; hint?: string | undefined; error?: MessageKey | undefined; required?: boolean | undefined; children: (describedBy: string | undefined) => Child }) {
  const { page, name, label, hint, error } = props;
  const describedBy = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ') || undefined;
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
      {props.children(describedBy)}
    </div>
  );
}

export function TextField(props: FieldProps) {
  const { name, values, errors } = props;
  const error = errors?.[name];
  const isPassword = props.type === 'password';
  return (
    <FieldFrame page={props.page} name={name} label={props.label} hint={props.hint} error={error} required={props.required}>
      {(describedBy) => (
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
          aria-describedby={describedBy}
        />
      )}
    </FieldFrame>
  );
}

export function SelectField(
  props: Omit<FieldProps, 'type' | 'autocomplete' | 'inputmode' | 'maxlength'> & {
    options: { value: string; label: string }[];
    multiple?: boolean;
    selected?: string[];
  },
) {
  const { name, values, errors, options } = props;
  const error = errors?.[name];
  const selected = props.selected ?? (values?.[name] ? [values[name]!] : []);
  return (
    <FieldFrame page={props.page} name={name} label={props.label} hint={props.hint} error={error} required={props.required}>
      {(describedBy) => (
        <select id={`field-${name}`} name={name} required={props.required} multiple={props.multiple} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy}>
          {!props.multiple && !props.required && <option value="">—</option>}
          {options.map((option) => (
            <option value={option.value} selected={selected.includes(option.value)}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
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

/** A labelled multi-line field with its hint and error, like the shared TextField. */
export function LongTextField(props: {
  page: PageContext;
  name: string;
  label: string;
  values?: FormValues | undefined;
  errors?: FormErrors | undefined;
  hint?: string;
  required?: boolean;
  maxlength?: number;
  rows?: number;
}) {
  const { name, values, errors } = props;
  const error = errors?.[name];
  return (
    <FieldFrame page={props.page} name={name} label={props.label} hint={props.hint} error={error} required={props.required}>
      {(describedBy) => (
        <textarea
          id={`field-${name}`}
          name={name}
          rows={props.rows ?? 6}
          maxlength={props.maxlength ?? 5000}
          required={props.required}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={describedBy}
        >
          {values?.[name] ?? ''}
        </textarea>
      )}
    </FieldFrame>
  );
}

/** A file input with its label, hint and error, for multipart forms. */
export function FileField({ page, name, label, hint, accept, errors }: { page: PageContext; name: string; label: string; hint: string; accept: string; errors?: FormErrors | undefined }) {
  const error = errors?.[name];
  return (
    <FieldFrame page={page} name={name} label={label} hint={hint} error={error}>
      {(describedBy) => <input id={`field-${name}`} name={name} type="file" accept={accept} required aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy} />}
    </FieldFrame>
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
