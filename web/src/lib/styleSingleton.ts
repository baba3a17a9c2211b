// A CSP-safe stand-in for `react-style-singleton` (aliased in vite.config.ts). Radix's modal
// dialog locks the page's scroll through react-remove-scroll, which injects a <style> element;
// the console's Content-Security-Policy (`style-src 'self'`, no inline style) refuses it. This
// version adopts a constructed stylesheet (`document.adoptedStyleSheets`), which the policy
// allows, with the same API: added when the first user mounts, removed with the last.
import { useEffect } from 'react';

type Sheet = { add: (css: string) => void; remove: () => void };

export function stylesheetSingleton(): Sheet {
  let counter = 0;
  let sheet: CSSStyleSheet | null = null;
  return {
    add(css: string) {
      if (counter === 0 && typeof document !== 'undefined' && 'adoptedStyleSheets' in document && typeof CSSStyleSheet !== 'undefined') {
        try {
          sheet = new CSSStyleSheet();
          sheet.replaceSync(css);
          document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
        } catch {
          sheet = null;
        }
      }
      counter++;
    },
    remove() {
      counter--;
      if (counter === 0 && sheet) {
        const s = sheet;
        document.adoptedStyleSheets = document.adoptedStyleSheets.filter((x) => x !== s);
        sheet = null;
      }
    },
  };
}

export function styleHookSingleton() {
  const sheet = stylesheetSingleton();
  return (styles: string, isDynamic?: boolean) => {
    useEffect(() => {
      sheet.add(styles);
      return () => sheet.remove();
      // eslint-disable-next-line react-hooks/exhaustive-deps
    }, [styles && isDynamic]);
  };
}

export function styleSingleton() {
  const useStyle = styleHookSingleton();
  return function Sheet({ styles, dynamic }: { styles: string; dynamic?: boolean }) {
    useStyle(styles, dynamic);
    return null;
  };
}
