import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, lazy, type ReactNode, Suspense, useEffect, useMemo, useState } from 'react';
import { abilities } from './abilities.js';
import { getMe, getPage, type ItemOf, type Me, type Page, storedKey, storeKey } from './api.js';
import { codeLabel, DICTIONARY, I18nContext, type Lang, langOfSetting, useI18n, type Words } from './i18n.js';
// The first screen is in the main bundle, not a lazy chunk: a screen that suspends is revealed no
// sooner than React's 300 ms fallback throttle, which the overview's time to interactive paid.
import Overview from './Overview.js';
import { ErrorState } from './states.js';

// The browser's memory of the language picked (the DOM's: kept out of i18n.ts, which the format
// module's unit specs type-check without the DOM library).
const LANG_STORAGE = 'reckon.lang';
function initialLang(): Lang {
  return localStorage.getItem(LANG_STORAGE) === 'en' ? 'en' : 'zh';
}
function rememberLang(lang: Lang): void {
  localStorage.setItem(LANG_STORAGE, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

const Statements = lazy(() => import('./Statements.js'));
const Screens = lazy(() => import('./screens.js'));
const Settings = lazy(() => import('./Settings.js'));

/** A partner as the directory (GET /v1/partners) gives it: its tier, parent, time zone, currency. */
export type Partner = ItemOf<'/v1/partners'>;

export interface ScreenProps {
  me: Me;
  partnerId: string;
  /** The partner shown, from the directory the key may read (undefined while it loads or when the key may not see it). */
  partner?: Partner | undefined;
}

/** Every partner the key may read: all for admin and finance, a distributor itself and its resellers, a partner itself. */
async function directory(): Promise<Partner[]> {
  const all: Partner[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<Partner> = await getPage('/v1/partners', {}, { limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const ROUTES = [
  ['/', 'overview'],
  ['/incentives', 'incentives'],
  ['/statements', 'statements'],
  ['/vouchers', 'vouchers'],
  ['/resellers', 'resellers'],
  ['/customers', 'customers'],
  ['/subscriptions', 'subscriptions'],
  ['/discounts', 'discounts'],
  ['/on-demand', 'onDemand'],
  ['/marketplace', 'marketplace'],
  ['/settings', 'settings'],
] as const satisfies readonly (readonly [string, keyof Words])[];
type Route = (typeof ROUTES)[number][0];

function currentRoute(): Route {
  const found = ROUTES.find(([path]) => path === location.pathname);
  return found ? found[0] : '/';
}

function usePath(): [Route, (route: Route) => void] {
  const [route, setRoute] = useState<Route>(currentRoute);
  useEffect(() => {
    const onPop = () => setRoute(currentRoute());
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const go = (next: Route) => {
    history.pushState(null, '', next + location.search);
    setRoute(next);
    document.getElementById('main')?.focus();
  };
  return [route, go];
}

export function App(): ReactNode {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const [key, setKey] = useState<string | null>(storedKey);
  useEffect(() => rememberLang(lang), [lang]);
  const i18n = useMemo(() => ({ lang, t: DICTIONARY[lang], setLang: setLangState }), [lang]);
  return (
    <I18nContext.Provider value={i18n}>
      {key ? (
        <SignedIn
          signOut={() => {
            storeKey(null);
            setKey(null);
          }}
        />
      ) : (
        <SignIn
          onKey={(k) => {
            storeKey(k);
            setKey(k);
          }}
        />
      )}
    </I18nContext.Provider>
  );
}

function LangSwitch(): ReactNode {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="sr-only">{t.language}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value as Lang)} data-action="lang">
        <option value="zh">中文</option>
        <option value="en">English</option>
      </select>
    </label>
  );
}

function SignIn({ onKey }: { onKey: (key: string) => void }): ReactNode {
  const { t } = useI18n();
  const [value, setValue] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (value.trim()) onKey(value.trim());
  };
  return (
    <main className="signin" id="main">
      <form onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Reckon · {t.title}</h1>
        <label>
          <span>{t.apiKey}</span>
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            required
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <p className="hint">{t.apiKeyHint}</p>
        <div className="buttons">
          <button type="submit">{t.signIn}</button>
          <LangSwitch />
        </div>
      </form>
    </main>
  );
}

const PARTNER_STORAGE = 'reckon.partner';
/** The partner language last applied in this tab (so a reload keeps the header's choice). */
const APPLIED_LANG = 'reckon.partnerLang';

function SignedIn({ signOut }: { signOut: () => void }): ReactNode {
  const { lang, t, setLang } = useI18n();
  const client = useQueryClient();
  const me = useQuery({ queryKey: ['me'], queryFn: getMe, retry: false });
  // The partner's saved language (settings) on sign-in and whenever it changes; the switch in the
  // header changes this tab only. A key without one (admin, finance, a partner that never chose) keeps
  // the browser's last choice, Chinese by default.
  const partnerLang = langOfSetting(me.data?.language);
  useEffect(() => {
    // Once per sign-in and per change (a reload keeps the tab's own choice).
    if (!partnerLang || sessionStorage.getItem(APPLIED_LANG) === partnerLang) return;
    sessionStorage.setItem(APPLIED_LANG, partnerLang);
    setLang(partnerLang);
  }, [partnerLang, setLang]);
  const partners = useQuery({ queryKey: ['partners'], queryFn: directory, enabled: me.isSuccess });
  const [route, go] = usePath();
  const [menuOpen, setMenuOpen] = useState(false);
  const wanted = new URLSearchParams(location.search).get('partner') ?? sessionStorage.getItem(PARTNER_STORAGE);
  const [picked, setPicked] = useState<string | null>(wanted);
  const out = () => {
    client.clear();
    sessionStorage.removeItem(PARTNER_STORAGE);
    sessionStorage.removeItem(APPLIED_LANG);
    signOut();
  };
  if (me.isPending)
    return (
      <p className="state" role="status">
        {t.loading}
      </p>
    );
  if (me.isError)
    return (
      <main className="signin" id="main">
        <h1>Reckon · {t.title}</h1>
        <ErrorState error={me.error} />
        <button type="button" onClick={out}>
          {t.signOut}
        </button>
      </main>
    );
  const who = me.data;
  const partnerId = picked ?? who.partnerId ?? null;
  const partner = partners.data?.find((p) => p.partnerId === partnerId);
  const can = abilities(who, partnerId, partner?.tier ?? (partnerId === who.partnerId ? who.tier : undefined));
  const pick = (id: string) => {
    sessionStorage.setItem(PARTNER_STORAGE, id);
    const url = new URL(location.href);
    url.searchParams.set('partner', id);
    history.replaceState(null, '', url);
    setPicked(id);
  };
  return (
    <div className="shell">
      <a className="skip" href="#main">
        {t.skip}
      </a>
      <header className="top">
        <button
          type="button"
          className="menu-toggle secondary"
          aria-expanded={menuOpen}
          aria-controls="nav"
          onClick={() => setMenuOpen(!menuOpen)}
        >
          {t.menu}
        </button>
        <span className="brand">Reckon · {t.title}</span>
        <PartnerPicker me={who} partners={partners.data} value={partnerId} onPick={pick} />
        <span className="who" data-role={who.role}>
          {who.partnerName ?? who.partnerId ?? codeLabel(lang, 'role', who.role)}
        </span>
        <LangSwitch />
        <button type="button" className="secondary" onClick={out}>
          {t.signOut}
        </button>
      </header>
      <nav id="nav" className={menuOpen ? 'side open' : 'side'} aria-label={t.menu}>
        <ul>
          {ROUTES.filter(([path]) => path !== '/resellers' || can.resellers).map(([path, word]) => (
            <li key={path}>
              <a
                href={path}
                aria-current={route === path ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  setMenuOpen(false);
                  go(path);
                }}
              >
                {t[word]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        {partnerId ? (
          <Suspense
            fallback={
              <p className="state" role="status">
                {t.loading}
              </p>
            }
          >
            <Screen route={route} me={who} partnerId={partnerId} partner={partner} key={`${route}|${partnerId}`} />
          </Suspense>
        ) : (
          <p className="state">{t.pickPartner}</p>
        )}
      </main>
    </div>
  );
}

function Screen({ route, ...props }: { route: Route } & ScreenProps): ReactNode {
  switch (route) {
    case '/':
      return <Overview {...props} />;
    case '/statements':
      return <Statements {...props} />;
    case '/settings':
      return <Settings {...props} />;
    default:
      return <Screens route={route} {...props} />;
  }
}

/** A partner key sees itself and (a distributor) its resellers; finance and admin pick any partner. */
function PartnerPicker({
  me,
  partners,
  value,
  onPick,
}: {
  me: Me;
  partners: readonly Partner[] | undefined;
  value: string | null;
  onPick: (id: string) => void;
}) {
  const { lang, t } = useI18n();
  const staff = me.role !== 'partner';
  const options: { id: string; label: string }[] = staff
    ? (partners ?? []).map((p) => ({
        id: p.partnerId,
        label: `${p.name} (${p.partnerId}, ${codeLabel(lang, 'tier', p.tier)})`,
      }))
    : [
        { id: me.partnerId ?? '', label: me.partnerName ?? me.partnerId ?? '' },
        ...(me.resellers ?? []).map((id) => {
          const name = partners?.find((p) => p.partnerId === id)?.name;
          return { id, label: name ? `${name} (${id})` : id };
        }),
      ];
  if (value && !options.some((o) => o.id === value)) options.unshift({ id: value, label: value });
  return (
    <label className="picker">
      <span className="sr-only">{t.pickPartner}</span>
      <select value={value ?? ''} onChange={(e) => onPick(e.target.value)} data-action="partner">
        {!value && <option value="">{t.pickPartner}</option>}
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}
