import type { ComponentChildren } from 'preact';

interface Props {
  label: string;
  testId?: string;
  /** The raw figure or state behind the localised text, for tests and tools. */
  value?: string | number;
  children: ComponentChildren;
}

/** One term and its value in a card's <dl>. */
export function Fact({ label, testId, value, children }: Props) {
  return (
    <div class="fact">
      <dt>{label}</dt>
      <dd data-testid={testId} data-value={value}>
        {children}
      </dd>
    </div>
  );
}
