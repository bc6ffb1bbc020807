/** The console's page frame and style: one stylesheet, no external assets. */
import { html, raw, type SafeHtml } from '../html/html.js';

const STYLE = `
*{box-sizing:border-box} [hidden]{display:none!important}
body{margin:0;font:14px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f7;color:#1b2030}
header{background:#141a2b;color:#e8ebf4;padding:14px 28px;display:flex;align-items:center;gap:18px;flex-wrap:wrap}
header h1{font-size:17px;margin:0;font-weight:650;letter-spacing:.2px} header h1 span{color:#8fa6ff}
header nav{display:flex;gap:14px;margin-left:auto;font-size:13px} header a{color:#b9c6ff;text-decoration:none} header a:hover{text-decoration:underline}
header .sub{color:#97a0b8;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:22px 28px 40px}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 2px #0000001a,0 6px 18px #00000008;padding:18px 20px;margin-bottom:18px}
.card h2{font-size:15px;margin:0 0 2px;display:flex;align-items:center;gap:8px} .card h3{font-size:13px;margin:16px 0 6px;color:#4a5470;text-transform:uppercase;letter-spacing:.6px}
.muted{color:#6b7489} code{font:12.5px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f1f3f8;padding:1px 5px;border-radius:4px;word-break:break-all}
.chips{display:flex;gap:6px;flex-wrap:wrap;margin:6px 0 2px} .chip{font-size:12px;background:#eef1fb;color:#34408a;border-radius:999px;padding:2px 9px}
table{width:100%;border-collapse:collapse;font-size:13px} th{text-align:left;font-weight:600;color:#59627a;font-size:12px;padding:6px 8px;border-bottom:1px solid #e4e7ee;white-space:nowrap}
td{padding:7px 8px;border-bottom:1px solid #f0f1f5;vertical-align:top} tr:last-child td{border-bottom:0}
.status{font-size:11.5px;font-weight:600;border-radius:5px;padding:2px 7px;white-space:nowrap} .CONFIRMED{background:#e3f6ea;color:#17653a} .UNCONFIRMED{background:#fff3d6;color:#8a5a00}
.EXTERNAL_PROVIDER{background:#e8ecff;color:#3340a0} .FORCE_CHANGE_PASSWORD,.RESET_REQUIRED{background:#fde8e8;color:#9b1c1c} .disabled{background:#eceef2;color:#5a6275}
.code{font:600 15px ui-monospace,Menlo,Consolas,monospace;color:#1b2030;background:#fff6d8;border-radius:5px;padding:1px 7px;letter-spacing:1px}
.empty{color:#8a93a5;font-style:italic;padding:8px 0}
.grid{display:grid;grid-template-columns:minmax(0,1.55fr) minmax(0,1fr);gap:18px} @media (max-width:900px){.grid{grid-template-columns:minmax(0,1fr)}}
.username code{font-size:11px} .card{overflow-x:auto} .msg{color:#6b7489;font-size:12.5px;margin-top:2px}
.attrs{display:flex;flex-wrap:wrap;gap:4px 10px} .attrs span{white-space:nowrap} .attrs b{font-weight:600;color:#59627a}
details>summary{cursor:pointer;color:#2f5bd8;font-size:12.5px;font-weight:600;width:max-content;max-width:100%} tr.user-manage td,tr.client-config td{padding-top:0}
tr.user td,tr.client td{border-bottom:0}
.actions{display:flex;flex-direction:column;gap:10px;margin:8px 0 4px;padding:10px 12px;background:#f8f9fc;border-radius:8px}
form.act{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:flex-end;margin:0} form.act.inline{display:inline-flex}
form.act label{display:flex;flex-direction:column;gap:2px;font-size:12px;color:#59627a;min-width:0;max-width:100%}
form.act label.check{flex-direction:row;align-items:center;gap:5px;padding-bottom:6px}
form.act input:not([type=checkbox]),form.act select{font:inherit;padding:5px 8px;border:1px solid #c9ced8;border-radius:5px;max-width:100%;min-width:0;background:#fff}
form.act button,button.copy{font:inherit;font-size:12.5px;font-weight:600;padding:5px 11px;border-radius:5px;border:1px solid #3b6ef5;background:#3b6ef5;color:#fff;cursor:pointer}
.buttons{display:flex;flex-wrap:wrap;gap:6px} .buttons form.act button{background:#fff;color:#1b2030;border-color:#c9ced8} .buttons form.danger button{color:#9b1c1c;border-color:#e5b4b4}
button.copy{background:#fff;color:#2f5bd8;border-color:#c9ced8}
.cfg-head{display:flex;justify-content:space-between;align-items:center;gap:8px;margin-top:10px;font-size:12px;font-weight:600;color:#4a5470}
.config pre{background:#f6f7fb;border-radius:6px;padding:10px;font:12px/1.45 ui-monospace,Menlo,Consolas,monospace;overflow:auto;max-height:340px;margin:4px 0 0}
.toast{position:fixed;left:50%;transform:translateX(-50%);bottom:16px;width:max-content;max-width:calc(100vw - 24px);padding:10px 14px;border-radius:8px;box-shadow:0 4px 16px #00000026;font-weight:600;z-index:10}
.toast.ok{background:#e3f6ea;color:#17653a} .toast.error{background:#fdecec;color:#9b1c1c}
@media (max-width:640px){
header{padding:12px 14px;gap:8px} header nav{margin-left:0;flex-wrap:wrap;gap:10px} main{padding:14px 10px 60px} .card{padding:14px 12px}
table.stack thead{display:none} table.stack,table.stack tbody,table.stack tr,table.stack td{display:block;width:100%}
table.stack tbody tr:not(.user-manage):not(.client-config){border-top:1px solid #e4e7ee;padding-top:6px} table.stack td{padding:3px 2px;border:0}
table.stack td[data-label]::before{content:attr(data-label);display:block;font-size:11px;font-weight:600;color:#8a93a5;text-transform:uppercase;letter-spacing:.4px}
}
`;

/** `scriptSrc` / `moduleSrc`: the page's own script, served as a file (the CSP allows no inline script). */
export function consolePage(title: string, body: SafeHtml, options: { scriptSrc?: string; moduleSrc?: string; extraStyle?: SafeHtml } = {}): SafeHtml {
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${title}</title><link rel="icon" href="data:,"><style>${raw(STYLE)}${options.extraStyle}</style></head><body>
<header><h1>cognate<span>-local</span></h1><span class="sub">a local Amazon Cognito</span>
<nav><a href="/">Console</a><a href="/_local/console/demo">Demo app</a><a href="/_local/messages">Messages (JSON)</a><a href="/health">Health</a></nav></header>
${body}
${options.scriptSrc && html`<script src="${options.scriptSrc}"></script>`}${options.moduleSrc && html`<script type="module" src="${options.moduleSrc}"></script>`}
</body></html>`;
}

/** A script file of the console's (same-origin, the only kind its pages' CSP runs). */
export function scriptFile(code: string): Response {
  return new Response(code, {
    status: 200,
    headers: { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' },
  });
}

export function htmlPage(page: SafeHtml, status = 200): Response {
  return new Response(page.toString(), {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-frame-options': 'DENY',
      'content-security-policy':
        "default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    },
  });
}
