/** "1 contribution", "2 contributions": a count with its noun, as people write it. */
export function counted(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
