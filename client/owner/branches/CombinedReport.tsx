// Every branch's figures side by side, their total, and each doctor across
// the branches they work in. Cells carry their raw value in data-value so
// tests read the figure, not its localised text (as the report's tiles do).
import type { CombinedReport as Combined } from '../../../shared/branches.ts';
import { useI18n } from '../i18n/index.ts';

export function CombinedReport({ report }: { report: Combined }) {
  const { t, num, minutes } = useI18n();
  const names = new Map(report.branches.map((b) => [b.clinicId, b.name]));
  return (
    <>
      <section class="card" aria-labelledby="combined-branches-title">
        <h2 id="combined-branches-title">{t.branchesTableTitle}</h2>
        <div class="table-scroll">
          <table data-testid="combined-branches">
            <thead>
              <tr>
                <th scope="col">{t.branch}</th>
                <th scope="col">{t.kpiVisits}</th>
                <th scope="col">{t.branchSeen}</th>
                <th scope="col">{t.branchNoShows}</th>
                <th scope="col">{t.kpiWaitMedian}</th>
                <th scope="col">{t.branchWaitMean}</th>
              </tr>
            </thead>
            <tbody>
              {report.branches.map((b) => (
                <tr key={b.clinicId} data-testid="combined-branch" data-clinic-id={b.clinicId}>
                  <th scope="row">{b.name}</th>
                  <td data-testid="combined-visits" data-value={b.visits}>
                    {num(b.visits)}
                  </td>
                  <td>{num(b.seen)}</td>
                  <td>{num(b.noShows)}</td>
                  <td>{minutes(b.waitMedianMin)}</td>
                  <td>{minutes(b.waitMeanMin)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="combined-total">
                <th scope="row">{t.branchesTotal}</th>
                <td data-testid="combined-visits" data-value={report.total.visits}>
                  {num(report.total.visits)}
                </td>
                <td>{num(report.total.seen)}</td>
                <td>{num(report.total.noShows)}</td>
                <td>{t.none}</td>
                <td>{minutes(report.total.waitMeanMin)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
        <p class="muted">{t.branchesTotalNote}</p>
      </section>
      <section class="card" aria-labelledby="combined-doctors-title">
        <h2 id="combined-doctors-title">{t.doctorsAcrossTitle}</h2>
        <p class="muted">{t.doctorsAcrossRule}</p>
        {report.doctors.length === 0 ? (
          <p data-testid="combined-no-doctors">{t.noVisits}</p>
        ) : (
          <div class="table-scroll">
            <table data-testid="combined-doctors">
              <thead>
                <tr>
                  <th scope="col">{t.doctor}</th>
                  <th scope="col">{t.consultations}</th>
                  <th scope="col">{t.consultationMean}</th>
                  <th scope="col">{t.branches}</th>
                </tr>
              </thead>
              <tbody>
                {report.doctors.map((d) => (
                  <tr key={d.key} data-testid="combined-doctor" data-branches={d.perBranch.length}>
                    <th scope="row">{d.name}</th>
                    <td data-value={d.consultations}>{num(d.consultations)}</td>
                    <td>{minutes(d.meanMin)}</td>
                    <td>{d.perBranch.map((p) => t.doctorInBranch(names.get(p.clinicId) ?? '', num(p.consultations))).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
