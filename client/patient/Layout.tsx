import type { ComponentChildren } from 'preact';

export function TopBar({ title, switcher }: { title: string; switcher: ComponentChildren }) {
  return (
    <header class="public-top">
      <p class="public-brand">
        <img src="/icon.svg" alt="" width={28} height={28} />
        <span dir="auto">{title}</span>
      </p>
      {switcher}
    </header>
  );
}

/** A whole-page message: no ticket, a bad or expired link. */
export function Notice({ testId, title, text }: { testId: string; title: string; text: string }) {
  return (
    <section class="card notice" data-testid={testId} role="alert">
      <h1>{title}</h1>
      <p>{text}</p>
    </section>
  );
}
