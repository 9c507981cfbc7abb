// The owner's audit page, plus the operator who acted (docs/api.md, owner
// area): the owner's schema does not read that field yet, and zod would drop it.
import { z } from 'zod';
import { AuditPage } from '../../owner/schemas.ts';

export const OperatorAuditPage = z.object({
  events: z.array(AuditPage.shape.events.element.extend({ operatorName: z.string().nullable() })),
});
export type AuditEvent = z.infer<typeof OperatorAuditPage>['events'][number];
