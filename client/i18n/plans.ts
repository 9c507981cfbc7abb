// The plans' names as people read them. Plan rows on the server carry one
// name (English, for the records); the pages show the plans they know in the
// page's language, and a plan added later under its own name until it is here.
import type { Language } from './core.ts';

const PLAN_NAMES: Record<Language, Record<string, string>> = {
  ar: { trial: 'تجربة', essential: 'أساسي', clinic: 'عيادة' },
  fr: { trial: 'Essai', essential: 'Essentiel', clinic: 'Cabinet' },
  en: { trial: 'Trial', essential: 'Essential', clinic: 'Clinic' },
};

export function planName(plan: { id: string; name: string }, lang: Language): string {
  return PLAN_NAMES[lang][plan.id] ?? plan.name;
}
