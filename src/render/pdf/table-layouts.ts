/** The pack's two table layouts, shared by every section: a light grid, and borderless rows. */
import type { CustomTableLayout } from 'pdfmake/interfaces.js';

export const CELL_PADDING = 3;
export const LINE_WIDTH = 0.5;

export function makeGridLayout(): CustomTableLayout {
  return {
    hLineWidth: () => LINE_WIDTH,
    vLineWidth: () => LINE_WIDTH,
    hLineColor: () => '#b0b0b0',
    vLineColor: () => '#b0b0b0',
    paddingLeft: () => CELL_PADDING,
    paddingRight: () => CELL_PADDING,
    paddingTop: () => 1.5,
    paddingBottom: () => 1.5,
  };
}

export function makePlainLayout(): CustomTableLayout {
  return {
    hLineWidth: () => 0,
    vLineWidth: () => 0,
    paddingLeft: () => CELL_PADDING,
    paddingRight: () => CELL_PADDING,
    paddingTop: () => 1,
    paddingBottom: () => 1,
  };
}
