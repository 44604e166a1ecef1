// The page's own script, inlined after Redoc's markup (a classic script: no module, no imports).
// It fills gaps Redoc leaves for readers, on whatever Redoc renders, whenever it renders it:
//
// - guide code blocks get highlighting and a copy button in a bar above them (Redoc renders
//   markdown fences as plain text with neither);
// - any code block that scrolls gets `tabindex="0"`, so a keyboard can reach and scroll it;
// - buttons whose accessible name leaves out their visible text (`aria-label="Example"` on a
//   button reading "documented") are named with both, as WCAG 2.5.3 asks;
// - the landing view shows the first call beside the introduction, from `<template id="first-call">`.
(() => {
  const TS = [
    ['comment', /\/\/[^\n]*/y],
    ['string', /'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/y],
    [
      'keyword',
      /\b(?:import|from|export|const|let|var|await|async|try|catch|finally|if|else|throw|new|return|function|typeof|instanceof|true|false|null|undefined)\b/y,
    ],
    ['number', /\b\d+(?:\.\d+)?\b/y],
    ['function', /[A-Za-z_$][\w$]*(?=\()/y],
    ['property', /(?<=\.)[A-Za-z_$][\w$]*/y],
  ];
  const SH = [
    ['comment', /#[^\n]*/y],
    ['string', /'[^']*'|"(?:\\.|[^"\\])*"/y],
    ['keyword', /(?<=^|\s)--?[\w-]+/y],
    ['function', /(?<=^|\n)[a-z][\w-]*(?=\s)/y],
  ];
  const GRAMMARS = { ts: TS, typescript: TS, js: TS, sh: SH, bash: SH, shell: SH };

  /** Splits text into highlighted spans and plain text nodes; an unknown character stays plain. */
  function highlight(pre, grammar) {
    const text = pre.textContent ?? '';
    const fragment = document.createDocumentFragment();
    let plain = '';
    let at = 0;
    while (at < text.length) {
      let matched;
      for (const [kind, pattern] of grammar) {
        pattern.lastIndex = at;
        const match = pattern.exec(text);
        if (match !== null && match[0].length > 0) {
          matched = [kind, match[0]];
          break;
        }
      }
      if (matched === undefined) {
        plain += text[at];
        at += 1;
        continue;
      }
      if (plain !== '') fragment.append(plain);
      plain = '';
      const span = document.createElement('span');
      span.className = `tok-${matched[0]}`;
      span.textContent = matched[1];
      fragment.append(span);
      at += matched[1].length;
    }
    if (plain !== '') fragment.append(plain);
    pre.replaceChildren(fragment);
  }

  function copyBar(pre, label) {
    const bar = document.createElement('div');
    bar.className = 'code-bar';
    const name = document.createElement('span');
    name.textContent = label;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'code-copy';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', `Copy ${label} code`);
    button.addEventListener('click', () => {
      const done = (text) => {
        button.textContent = text;
        setTimeout(() => {
          button.textContent = 'Copy';
        }, 1500);
      };
      navigator.clipboard?.writeText(pre.textContent ?? '').then(
        () => done('Copied'),
        () => done('Press Ctrl+C'),
      );
    });
    bar.append(name, button);
    return bar;
  }

  const LABELS = {
    ts: 'TypeScript',
    typescript: 'TypeScript',
    js: 'JavaScript',
    sh: 'Shell',
    bash: 'Shell',
    shell: 'Shell',
  };

  function enhanceGuide(root) {
    for (const pre of root.querySelectorAll('[data-component-name="Markdown/Markdown"] pre[data-language]')) {
      if (pre.dataset.enhanced === 'true') continue;
      const language = pre.dataset.language ?? '';
      const grammar = GRAMMARS[language];
      if (grammar !== undefined) highlight(pre, grammar);
      pre.before(copyBar(pre, LABELS[language] ?? language));
      pre.dataset.enhanced = 'true';
    }
  }

  function focusableScrolling(root) {
    for (const block of root.querySelectorAll('pre')) {
      const scrolls = block.scrollWidth > block.clientWidth + 1 || block.scrollHeight > block.clientHeight + 1;
      if (scrolls && !block.hasAttribute('tabindex')) block.setAttribute('tabindex', '0');
    }
  }

  function nameWithText(root) {
    for (const button of root.querySelectorAll('button[aria-label]')) {
      const label = button.getAttribute('aria-label') ?? '';
      const text = (button.textContent ?? '').replace(/\s+/g, ' ').trim();
      if (text !== '' && !label.toLowerCase().includes(text.toLowerCase()))
        button.setAttribute('aria-label', `${label}: ${text}`);
    }
  }

  function firstCall(root) {
    const template = document.getElementById('first-call');
    // The landing view's right panel is the one holding the API overview.
    const panel = root.querySelector('[data-testid="panel-overview"]')?.parentElement;
    if (template === null || panel === null || panel === undefined || panel.querySelector('.first-call') !== null)
      return;
    const block = template.content.cloneNode(true);
    const pre = block.querySelector('pre');
    if (pre !== null) {
      highlight(pre, TS);
      pre.before(copyBar(pre, 'TypeScript'));
    }
    panel.append(block);
  }

  function enhance() {
    const root = document.getElementById('redoc');
    if (root === null) return;
    enhanceGuide(root);
    focusableScrolling(root);
    nameWithText(root);
    firstCall(root);
  }

  let queued = false;
  function schedule() {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      enhance();
    });
  }
  /** Called by the boot script once Redoc has hydrated; from then on every render is followed. */
  window.__enhanceDocs = () => {
    const root = document.getElementById('redoc');
    if (root === null) return;
    new MutationObserver(schedule).observe(root, { childList: true, subtree: true });
    // Tests and tools wait for this; React owns #redoc but not <html>.
    document.documentElement.dataset.hydrated = 'true';
    addEventListener('resize', schedule, { passive: true });
    schedule();
  };
})();
