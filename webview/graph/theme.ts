/**
 * The graph's colours, read from the CSS variables VS Code sets on the webview's document (so light, dark
 * and high-contrast themes, and the user's colour customizations, apply to the canvas too). Cytoscape draws
 * on a canvas and needs concrete colours: each variable is resolved through a 2D context, and colours with
 * transparency are blended onto the background.
 */

export interface Palette {
  readonly background: string;
  readonly foreground: string;
  readonly muted: string;
  readonly error: string;
  readonly warning: string;
  readonly info: string;
  readonly focus: string;
  readonly nodeBackground: string;
  readonly nodeBorder: string;
  /** Edges without findings. */
  readonly edge: string;
  /** Border of every element in high-contrast themes. */
  readonly contrastBorder?: string;
  readonly highContrast: boolean;
  readonly dark: boolean;
  readonly fontFamily: string;
  readonly fontSize: number;
}

type Rgba = [number, number, number, number];

let ctx: CanvasRenderingContext2D | null | undefined;

function context(): CanvasRenderingContext2D | null {
  if (ctx === undefined) ctx = document.createElement('canvas').getContext('2d');
  return ctx;
}

/** Parses any CSS colour into RGBA (0–255, alpha 0–1), or undefined. */
export function parseColor(value: string): Rgba | undefined {
  const c = context();
  if (!c || value.trim() === '') return undefined;
  c.fillStyle = '#010203';
  c.fillStyle = value.trim();
  const resolved = String(c.fillStyle);
  if (resolved === '#010203' && value.trim().toLowerCase() !== '#010203') return undefined;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(resolved);
  if (hex) return [parseInt(hex[1]!, 16), parseInt(hex[2]!, 16), parseInt(hex[3]!, 16), 1];
  const rgba = /^rgba?\(([^)]+)\)$/i.exec(resolved);
  if (rgba) {
    const parts = rgba[1]!
      .split(/[\s,/]+/)
      .filter(Boolean)
      .map(Number);
    if (parts.length >= 3 && parts.every((p) => Number.isFinite(p))) {
      return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
    }
  }
  return undefined;
}

function toHex([r, g, b]: Rgba): string {
  return `#${[r, g, b]
    .map((v) =>
      Math.round(Math.max(0, Math.min(255, v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

function blend(fg: Rgba, bg: Rgba): Rgba {
  const a = fg[3];
  return [fg[0] * a + bg[0] * (1 - a), fg[1] * a + bg[1] * (1 - a), fg[2] * a + bg[2] * (1 - a), 1];
}

/** Perceived lightness 0–1. */
function luminance([r, g, b]: Rgba): number {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

export function readPalette(root: HTMLElement = document.documentElement): Palette {
  const style = getComputedStyle(root);
  const bodyClasses = document.body.classList;
  const variable = (name: string): string => style.getPropertyValue(name).trim();

  const bgRaw = parseColor(variable('--vscode-editor-background')) ?? [255, 255, 255, 1];
  const bg: Rgba = bgRaw[3] < 1 ? blend(bgRaw, [255, 255, 255, 1]) : bgRaw;
  const dark = luminance(bg) < 0.5;
  const highContrast =
    bodyClasses.contains('vscode-high-contrast') || bodyClasses.contains('vscode-high-contrast-light');

  /** First variable that resolves, blended onto the background; else the fallback. */
  const color = (names: readonly string[], fallback: string): string => {
    for (const name of names) {
      const c = parseColor(variable(name));
      if (c) return toHex(c[3] < 1 ? blend(c, bg) : c);
    }
    return fallback;
  };
  const foreground = color(
    ['--vscode-editor-foreground', '--vscode-foreground'],
    dark ? '#cccccc' : '#333333',
  );
  const contrastBorder = highContrast ? color(['--vscode-contrastBorder'], foreground) : undefined;
  const fontSize = parseFloat(variable('--vscode-font-size')) || 13;
  return {
    background: toHex(bg),
    foreground,
    muted: color(['--vscode-descriptionForeground'], dark ? '#9d9d9d' : '#717171'),
    error: color(
      ['--vscode-errorForeground', '--vscode-editorError-foreground'],
      dark ? '#f14c4c' : '#e51400',
    ),
    warning: color(
      ['--vscode-editorWarning-foreground', '--vscode-list-warningForeground'],
      dark ? '#cca700' : '#bf8803',
    ),
    info: color(
      ['--vscode-editorInfo-foreground', '--vscode-textLink-foreground'],
      dark ? '#3794ff' : '#1a85ff',
    ),
    focus: color(['--vscode-focusBorder'], dark ? '#0078d4' : '#005fb8'),
    nodeBackground: color(
      ['--vscode-editorWidget-background', '--vscode-sideBar-background', '--vscode-editor-background'],
      toHex(bg),
    ),
    nodeBorder:
      contrastBorder ??
      color(
        ['--vscode-editorWidget-border', '--vscode-widget-border', '--vscode-panel-border'],
        dark ? '#454545' : '#c8c8c8',
      ),
    edge:
      contrastBorder ??
      color(
        ['--vscode-editorLineNumber-foreground', '--vscode-descriptionForeground'],
        dark ? '#858585' : '#6e7681',
      ),
    ...(contrastBorder ? { contrastBorder } : {}),
    highContrast,
    dark,
    fontFamily: variable('--vscode-font-family') || 'system-ui, sans-serif',
    fontSize,
  };
}
