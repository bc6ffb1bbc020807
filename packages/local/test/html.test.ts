/**
 * The escaping HTML template every cognate-local page is rendered with (src/html/html.ts):
 * interpolations escaped unless named as markup with raw(), attribute values kept inside their
 * quotes, nesting and arrays, nothing for null/undefined/false, and JSON embedded in a script
 * element that cannot end it.
 */
import { describe, expect, it } from 'vitest';
import { attrs, escapeHtml, html, isSafeHtml, js, raw, script, scriptJson, type Interpolation } from '../src/html/html.js';

describe('html template', () => {
  it('escapes all five special characters of an interpolated string', () => {
    expect(String(html`<p>${`& < > " '`}</p>`)).toBe('<p>&amp; &lt; &gt; &quot; &#39;</p>');
    expect(escapeHtml(`a&b<c>d"e'f`)).toBe('a&amp;b&lt;c&gt;d&quot;e&#39;f');
    // Already-escaped text is escaped again: data is never read as markup.
    expect(String(html`${'&amp;'}`)).toBe('&amp;amp;');
  });

  it('keeps a hostile value inside its quoted attribute', () => {
    const payload = `"><button formaction="https://elsewhere/">x</button><meta http-equiv="refresh" content="0;url=https://elsewhere/">`;
    const out = String(html`<input name="username" value="${payload}">`);
    expect(out).toBe(
      '<input name="username" value="&quot;&gt;&lt;button formaction=&quot;https://elsewhere/&quot;&gt;x&lt;/button&gt;&lt;meta http-equiv=&quot;refresh&quot; content=&quot;0;url=https://elsewhere/&quot;&gt;">',
    );
    // Exactly one element, and its only quotes are the template's own.
    expect(out.match(/</g)).toHaveLength(1);
    expect(out.match(/"/g)).toHaveLength(4);
    expect(String(html`<a title='${"' onmouseover='alert(1)"}'>`)).toBe(`<a title='&#39; onmouseover=&#39;alert(1)'>`);
  });

  it('writes raw() and nested templates as they are, and escapes only the data inside them', () => {
    expect(String(html`<div>${raw('<b>bold</b>')}</div>`)).toBe('<div><b>bold</b></div>');
    const inner = html`<span>${'<i>'}</span>`;
    expect(isSafeHtml(inner)).toBe(true);
    expect(String(html`<div>${inner}</div>`)).toBe('<div><span>&lt;i&gt;</span></div>');
    expect(String(html`${html`${html`${'<x>'}`}`}`)).toBe('&lt;x&gt;');
    // A look-alike object is not SafeHtml.
    expect(() => html`${{ toString: () => '<x>' } as unknown as Interpolation}`).toThrow(TypeError);
  });

  it('joins arrays item by item, escaping strings and keeping SafeHtml', () => {
    const items = ['<a>', 'b&c'].map(v => html`<li>${v}</li>`);
    expect(String(html`<ul>${items}</ul>`)).toBe('<ul><li>&lt;a&gt;</li><li>b&amp;c</li></ul>');
    expect(String(html`${['<', raw('<br>'), ['>', 1]]}`)).toBe('&lt;<br>&gt;1');
    expect(String(html`<ul>${[]}</ul>`)).toBe('<ul></ul>');
  });

  it('renders null, undefined and false as nothing, numbers and true as text', () => {
    expect(String(html`[${null}][${undefined}][${false}][${0}][${true}][${''}]`)).toBe('[][][][0][true][]');
    const show = false as boolean;
    expect(String(html`<p>${show && html`<b>hidden</b>`}</p>`)).toBe('<p></p>');
  });

  it('attrs() escapes values, writes bare boolean attributes and refuses odd names', () => {
    expect(String(attrs({ type: 'text', value: '"><x>', required: true, disabled: false, autocomplete: undefined }))).toBe(
      'type="text" value="&quot;&gt;&lt;x&gt;" required',
    );
    expect(() => attrs({ 'onclick="x" a': 'y' })).toThrow(TypeError);
    expect(() => attrs({ 'a b': 'y' })).toThrow(TypeError);
  });

  it('embeds data in a script as JSON that cannot end the element', () => {
    const value = '</script><script>alert(1)</script><!-- & \u2028\u2029';
    const json = scriptJson(value);
    expect(json).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(json)).toBe(value);
    const code = js`const pool = ${value}; const n = ${{ a: [1, '<b>'] }};`;
    expect(String(code)).toBe(`const pool = ${json}; const n = {"a":[1,"\\u003cb\\u003e"]};`);
    expect(String(script(code, 'module'))).toBe(`<script type="module">${code}</script>`);
    expect(() => js`</script>`).toThrow(TypeError);
    expect(() => js`<!-- ${1}`).toThrow(TypeError);
  });
});
