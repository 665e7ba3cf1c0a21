// Small affine-matrix and box helpers (pdf.js matrix order: [a, b, c, d, e, f]).
import type { Box } from './types.ts';

export type Matrix = [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 × m2: apply m2 first, then m1. */
export function multiply(m1: readonly number[], m2: readonly number[]): Matrix {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

export function apply(m: readonly number[], x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}

export function invert(m: readonly number[]): Matrix {
  const det = m[0]! * m[3]! - m[1]! * m[2]!;
  return [
    m[3]! / det, -m[1]! / det, -m[2]! / det, m[0]! / det,
    (m[2]! * m[5]! - m[3]! * m[4]!) / det, (m[1]! * m[4]! - m[0]! * m[5]!) / det,
  ];
}

export function union(a: Box, b: Box): Box {
  return [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
}

/** Map a display-space box to PDF user space [x0, y0, x1, y1] (y up), rounded to 0.1 pt. */
export function toUserBox(m: readonly number[], box: Box): [number, number, number, number] {
  const [ax, ay] = apply(m, box[0], box[1]);
  const [bx, by] = apply(m, box[2], box[3]);
  const r = (v: number) => Math.round(v * 10) / 10;
  return [r(Math.min(ax, bx)), r(Math.min(ay, by)), r(Math.max(ax, bx)), r(Math.max(ay, by))];
}
