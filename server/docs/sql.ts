// SQL expressions over one clinic's documents, for statements that mostly
// read other tables (the setup checklist, the operator's clinic page): they
// keep those statements in one round trip while the docs SQL stays here.
// `clinic` is an SQL expression (a column or a parameter), never user input.

/** Active doctors (dq_doctor_active, migrations/functions/01_dq_doctor_active.sql). */
export const activeDoctorsSql = (clinic: string) => `dq_active_doctors(${clinic})`;

/** Visits ever recorded and not deleted. */
export const liveVisitsSql = (clinic: string) =>
  `(SELECT count(*)::int FROM docs WHERE clinic_id = ${clinic} AND collection = 'entries' AND NOT (data ->> '_deleted')::boolean)`;

/** One value of the settings document, as text; `path` is a fixed path like `{languages,0}`. */
export const settingSql = (clinic: string, path: `{${string}}`) =>
  `(SELECT data #>> '${path}' FROM docs WHERE clinic_id = ${clinic} AND collection = 'settings')`;
