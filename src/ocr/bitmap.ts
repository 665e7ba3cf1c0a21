// Grey-level page bitmaps: the few image operations OCR needs (crop, resize, rotate,
// threshold), written out so that no image library with native downloads is needed.

/** 8-bit grey image, row-major, 0 = black, 255 = white. */
export interface Gray {
  width: number;
  height: number;
  data: Uint8Array;
}

export function gray(width: number, height: number, fill = 255): Gray {
  return { width, height, data: new Uint8Array(width * height).fill(fill) };
}

/** RGBA (canvas ImageData) → grey, by luma. */
export function fromRgba(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): Gray {
  const out = gray(width, height);
  for (let i = 0, j = 0; j < out.data.length; i += 4, j++) {
    out.data[j] = (rgba[i]! * 77 + rgba[i + 1]! * 150 + rgba[i + 2]! * 29) >> 8;
  }
  return out;
}

/** Integer-pixel crop, clamped to the image. */
export function crop(img: Gray, x0: number, y0: number, x1: number, y1: number): Gray {
  const l = Math.max(0, Math.floor(x0)), t = Math.max(0, Math.floor(y0));
  const r = Math.min(img.width, Math.ceil(x1)), b = Math.min(img.height, Math.ceil(y1));
  const out = gray(Math.max(1, r - l), Math.max(1, b - t));
  for (let y = t; y < b; y++) out.data.set(img.data.subarray(y * img.width + l, y * img.width + r), (y - t) * out.width);
  return out;
}

/** Bilinear resize. */
export function resize(img: Gray, width: number, height: number): Gray {
  const out = gray(width, height);
  const sx = img.width / width, sy = img.height / height;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(img.height - 1, Math.max(0, (y + 0.5) * sy - 0.5));
    const y0 = Math.floor(fy), y1 = Math.min(img.height - 1, y0 + 1), wy = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(img.width - 1, Math.max(0, (x + 0.5) * sx - 0.5));
      const x0 = Math.floor(fx), x1 = Math.min(img.width - 1, x0 + 1), wx = fx - x0;
      const a = img.data[y0 * img.width + x0]!, b = img.data[y0 * img.width + x1]!;
      const c = img.data[y1 * img.width + x0]!, d = img.data[y1 * img.width + x1]!;
      out.data[y * width + x] = (a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy;
    }
  }
  return out;
}

/** Rotate about the centre by `degrees` (positive: counter-clockwise as seen), same size, white fill. */
export function rotate(img: Gray, degrees: number): Gray {
  if (degrees === 0) return img;
  const out = gray(img.width, img.height);
  const rad = (degrees * Math.PI) / 180;
  const cos = Math.cos(rad), sin = Math.sin(rad);
  const cx = img.width / 2, cy = img.height / 2;
  for (let y = 0; y < img.height; y++) {
    const dy = y - cy;
    for (let x = 0; x < img.width; x++) {
      const dx = x - cx;
      // Inverse mapping: where this output pixel comes from.
      const sx = cos * dx - sin * dy + cx;
      const sy = sin * dx + cos * dy + cy;
      const ix = Math.round(sx), iy = Math.round(sy);
      if (ix >= 0 && iy >= 0 && ix < img.width && iy < img.height) out.data[y * img.width + x] = img.data[iy * img.width + ix]!;
    }
  }
  return out;
}

/** Otsu's threshold: the grey level that best separates ink from paper. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v]!++;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * hist[i]!;
  let sumB = 0, wB = 0, best = 0, threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB, mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) { best = between; threshold = t; }
  }
  return threshold;
}


/** The paper level: the median grey of the page, the page being mostly paper. */
export function paperLevel(img: Gray): number {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]!++;
  let seen = 0;
  for (let v = 0; v < 256; v++) {
    seen += hist[v]!;
    if (seen >= img.data.length / 2) return v;
  }
  return 255;
}

/** The paper level (median grey of the page, mostly paper) stretched to white. */
export function whitenPaper(img: Gray): Gray {
  const paper = paperLevel(img);
  if (paper >= 250) return img;
  const lut = new Uint8Array(256);
  for (let v = 0; v < 256; v++) lut[v] = Math.min(255, Math.round((v * 255) / Math.max(1, paper)));
  const out = gray(img.width, img.height);
  for (let i = 0; i < img.data.length; i++) out.data[i] = lut[img.data[i]!]!;
  return out;
}

/**
 * Isolated dark pixels (dust, scanner specks: no dark neighbour) → the paper around them.
 * Unlike a median filter this keeps one-pixel strokes, which small symbols are made of.
 */
export function despeckle(img: Gray, threshold: number): Gray {
  const { width: w, height: h, data } = img;
  const out = { ...img, data: new Uint8Array(data) };
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x;
      if (data[i]! >= threshold) continue;
      let dark = false, sum = 0;
      for (let dy = -1; dy <= 1 && !dark; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          if (dx === 0 && dy === 0) continue;
          const v = data[i + dy * w + dx]!;
          if (v < threshold) { dark = true; break; }
          sum += v;
        }
      }
      if (!dark) out.data[i] = sum / 8;
    }
  }
  return out;
}

/** Levels stretched so the darkest ink is black and the paper white (faint grey print read as ink). */
export function stretch(img: Gray): Gray {
  const hist = new Uint32Array(256);
  for (const v of img.data) hist[v]!++;
  const n = img.data.length;
  let lo = 0, hi = 255, seen = 0;
  for (let v = 0; v < 256; v++) { seen += hist[v]!; if (seen > 0.01 * n) { lo = v; break; } }
  seen = 0;
  for (let v = 255; v >= 0; v--) { seen += hist[v]!; if (seen > 0.3 * n) { hi = v; break; } }
  if (hi - lo < 16 || (lo < 8 && hi > 247)) return img;
  const out = gray(img.width, img.height);
  for (let i = 0; i < n; i++) out.data[i] = Math.max(0, Math.min(255, Math.round(((img.data[i]! - lo) * 255) / (hi - lo))));
  return out;
}

/**
 * Paper noise taken out of a crop: pixels lighter than midway between Otsu's level and white
 * become white. On a noisy scan the grain around small marks makes recognition read "%" as
 * "0" or a speck as a letter; the strokes themselves are darker and stay as they are.
 */
export function quietPaper(img: Gray): Gray {
  const cut = (otsu(img) + 255) / 2;
  const out = { ...img, data: new Uint8Array(img.data) };
  for (let i = 0; i < out.data.length; i++) if (out.data[i]! > cut) out.data[i] = 255;
  return out;
}
