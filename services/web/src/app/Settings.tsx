/** 设置: the partner's time zone and language (PartnerProfileChanged of itself), read back by GET /v1/me. */
import type { ReactNode } from 'react';
import type { ScreenProps } from './App.js';
import { ActionForm } from './actions.js';
import { type Lang, useI18n } from './i18n.js';

export default function Settings({ me, partnerId }: ScreenProps): ReactNode {
  const { lang, setLang, t } = useI18n();
  return (
    <section data-screen="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t.settings}</h2>
      <label className="inline">
        <span>{t.language}</span>
        <select value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
          <option value="zh">中文</option>
          <option value="en">English</option>
        </select>
      </label>
      <p>
        {t.partner}: {me.partnerName ?? partnerId} · {t.timeZone}: {me.timeZone ?? '—'} · {t.language}:{' '}
        {me.language ?? '—'}
      </p>
      <ActionForm
        id="profile"
        title={`${t.settings}: ${t.timeZone} / ${t.language}`}
        fields={[
          { name: 'timeZone', label: t.timeZone, initial: me.timeZone ?? 'Asia/Shanghai' },
          { name: 'language', label: t.language, initial: me.language ?? (lang === 'zh' ? 'zh-CN' : 'en') },
        ]}
        toEvent={(v) => ({
          type: 'PartnerProfileChanged',
          data: { partnerId, timeZone: v.timeZone!, language: v.language! },
        })}
        onDone={() => {}}
      />
    </section>
  );
}
