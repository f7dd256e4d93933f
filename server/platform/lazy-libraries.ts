// Libraries that only a few requests need — Word documents (docx), Excel workbooks (exceljs) and the
// report's charts (ECharts with resvg) — are loaded on first use instead of at start: together they
// hold ~70 MB of a server's resident memory (measured one by one, each imported into an empty node
// process), and most processes serve for hours without writing a file (ADR 0043). Each is loaded
// once; a failed load is tried again on the next use.
type Loader<T> = () => Promise<T>;

function once<T>(load: Loader<T>): Loader<T> {
  let loading: Promise<T> | undefined;
  return () => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
}

export const loadDocx = once(() => import('docx'));
export const loadExcelJS = once(() => import('exceljs').then((module) => module.default));
export const loadCharts = once(() =>
  Promise.all([import('echarts'), import('@resvg/resvg-js')]).then(([echarts, resvg]) => ({
    echarts,
    Resvg: resvg.Resvg,
  })),
);
