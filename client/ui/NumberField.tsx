// A labelled whole number of a settings form. The form's draft keeps the text
// as typed and parses it with its schema on save, so a half-typed value is
// never rewritten under the cursor.
interface Props {
  label: string;
  testId: string;
  min: number;
  max: number;
  value: string;
  onInput: (value: string) => void;
  /** What an empty field means; without it the field is required. */
  placeholder?: string;
  /** The id of the hint that explains the field (several fields may share one). */
  describedBy?: string;
  /** The hint itself, under this field, with `describedBy` as its id. */
  hint?: string;
}

export function NumberField({ label, testId, min, max, value, onInput, placeholder, describedBy, hint }: Props) {
  return (
    <label class="field">
      <span>{label}</span>
      <input
        type="number"
        data-testid={testId}
        min={min}
        max={max}
        step={1}
        required={placeholder === undefined}
        placeholder={placeholder}
        aria-describedby={describedBy}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      {hint !== undefined && (
        <small id={describedBy} class="muted">
          {hint}
        </small>
      )}
    </label>
  );
}
