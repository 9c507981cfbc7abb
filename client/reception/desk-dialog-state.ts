// Which desk dialog is open. Ids, not documents: the dialog reads the live
// copy, so a change from another tablet while it is open is not overwritten
// with what the dialog first saw.
export type DeskDialogState =
  | { kind: 'edit'; entryId: string }
  | { kind: 'remove'; entryId: string }
  | { kind: 'doctor'; doctorId: string };

export type OpenDialog = (d: DeskDialogState) => void;
