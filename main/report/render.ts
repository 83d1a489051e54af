// A report as the file it is written to: JSON (the schema's shape, two-space indented) or the
// self-contained HTML page, chosen by the file's extension.

import { reportHtml } from './html.ts';
import { reportJson, type Report } from './model.ts';

export type ReportFormat = 'json' | 'html';

/** The format a file name asks for (.json, .html / .htm), or undefined for anything else. */
export function reportFormatOf(file: string): ReportFormat | undefined {
  const ext = /\.([^./]+)$/.exec(file)?.[1]?.toLowerCase();
  return ext === 'json' ? 'json' : ext === 'html' || ext === 'htm' ? 'html' : undefined;
}

export function renderReport(r: Report, format: ReportFormat): string {
  return format === 'json' ? reportJson(r) : reportHtml(r);
}
