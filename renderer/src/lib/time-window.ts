// The signal chart's time axis: the span of the readings, but never less than a minute ending at
// the newest one. With one reading uPlot would otherwise widen the zero-width range by 86400 of
// its time units, which for timestamps in seconds is 86,400,000 s: years of empty axis.

export const MIN_WINDOW_S = 60;

/** [start, end] in seconds for readings from `min` to `max` (seconds); null when there are none. */
export function timeWindow(min: number | null, max: number | null): [number, number] | null {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return null;
  return [Math.min(min, max - MIN_WINDOW_S), max];
}
