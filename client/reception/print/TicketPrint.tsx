// The print view: the ticket asked for, rendered outside the app (in
// #print-root, the only thing print-ticket.css lets the printer see), then
// the browser's print path once its link and code are signed. The last
// ticket stays there, unseen on screen, until the next print replaces it:
// it carries no name or phone, and the browser's own "Print" (Ctrl+P) then
// reprints it rather than the queue.
import { useEffect, useRef } from 'preact/hooks';
import { createPortal } from 'preact';
import { useTicketLink, type Signer } from '../useTicketLink.ts';
import type { TicketPaper } from '../../../shared/schemas.ts';
import { PrintedTicket, type TicketFacts } from './PrintedTicket.tsx';
import { useTicketCode } from './useTicketCode.ts';

export interface PrintRequest {
  /** Each tap is a print of its own, even of the same ticket. */
  id: number;
  facts: TicketFacts;
}

interface Props {
  request: PrintRequest;
  paper: TicketPaper;
  signer: Signer;
}

const ROOT_ID = 'print-root';

function printRoot(): HTMLElement {
  let root = document.getElementById(ROOT_ID);
  if (!root) {
    root = document.createElement('div');
    root.id = ROOT_ID;
    document.body.append(root);
  }
  return root;
}

export function TicketPrint({ request, paper, signer }: Props) {
  const { entry } = request.facts;
  const link = useTicketLink(entry, signer);
  const code = useTicketCode(entry, signer);
  const printed = useRef<number | null>(null);
  const ready = link !== null && code !== null;

  useEffect(() => {
    if (!ready || printed.current === request.id) return;
    printed.current = request.id;
    window.print();
  }, [ready, request.id]);

  if (!ready) return null;
  return createPortal(<PrintedTicket {...request.facts} paper={paper} link={link} code={code} />, printRoot());
}
