/**
 * The pack's named styles: sections refer to them by name, and only to these.
 */
import type { StyleDictionary } from 'pdfmake/interfaces.js';

export function toPdfStyles(): StyleDictionary {
  return {
    kicker: { fontSize: 12, bold: true, color: '#1565c0', characterSpacing: 1 },
    title: { fontSize: 26, bold: true, color: '#1a1a1a' },
    subtitle: { fontSize: 12, color: '#444444' },
    h1: { fontSize: 16, bold: true, color: '#1a1a1a', margin: [0, 0, 0, 8] },
    h2: { fontSize: 13, bold: true, color: '#1a1a1a', margin: [0, 4, 0, 4] },
    h3: { fontSize: 11, bold: true, color: '#1a1a1a', margin: [0, 8, 0, 3] },
    h4: { fontSize: 9.5, bold: true, color: '#1a1a1a', margin: [0, 6, 0, 2] },
    h5: { fontSize: 8.5, bold: true, color: '#333333', margin: [0, 4, 0, 1] },
    th: { bold: true, fillColor: '#e8e8e8' },
    label: { bold: true, color: '#444444' },
    small: { fontSize: 7.5, color: '#333333' },
    muted: { fontSize: 8, color: '#777777', italics: true },
    notice: { fontSize: 9, bold: true, color: '#8a3a00' },
    body: { fontSize: 8.5 },
  };
}
