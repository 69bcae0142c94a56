/** `article 12`, `notice 3`: an item as messages name it. */
export const describe = (item: { kind: string; id: number }) => `${item.kind} ${item.id}`;
