/** 设置: the partner's time zone and language (PartnerProfileChanged of itself), read back by GET /v1/me. */
import type { ReactNode } from 'react';
import type { ScreenProps } from './App.js';
import { abilities } from './abilities.js';
import { ActionForm } from './actions.js';
import { langOfSetting, useI18n } from './i18n.js';

/** The languages of the centre, as a partner's `language` setting (BCP 47); the UI follows it. */
const LANGUAGES = [
  { value: 'zh-CN', label: '中文' },
  { value: 'en', label: 'English' },
] as const;
/** The IANA zones this browser knows, offered as suggestions (the server judges the value). */
const ZONES = (Intl.supportedValuesOf?.('timeZone') ?? []).map((zone) => ({ value: zone, label: zone }));

export default function Settings({ me, partnerId, partner }: ScreenProps): ReactNode {
  const { t } = useI18n();
  // The partner shown (a distributor's reseller, or any for finance and admin), else the key's own.
  const zone = partner?.timeZone ?? me.timeZone ?? 'Asia/Shanghai';
  const language = partner ? partner.language : me.language;
  // Until the directory has the partner, only the key's own profile is known: no form that would
  // start from (and save) another partner's values.
  const known = partner !== undefined || me.partnerId === partnerId;
  return (
    <section data-screen="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">{t.settings}</h2>
      <p>
        {t.partner}: {partner?.name ?? me.partnerName ?? partnerId} · {t.timeZone}: {zone} · {t.language}:{' '}
        {LANGUAGES.find((l) => l.value === language)?.label ?? language ?? '—'}
      </p>
      {/* Of itself (a distributor reads its reseller's settings but does not change them). */}
      {known && abilities(me, partnerId, partner?.tier).settings && (
        <ActionForm
          id="profile"
          title={`${t.settings}: ${t.timeZone} / ${t.language}`}
          fields={[
            { name: 'timeZone', label: t.timeZone, initial: zone, options: ZONES },
            {
              name: 'language',
              label: t.language,
              type: 'select',
              initial: langOfSetting(language) === 'en' ? 'en' : 'zh-CN',
              options: LANGUAGES,
            },
          ]}
          toEvent={(v) => ({
            type: 'PartnerProfileChanged',
            data: { partnerId, timeZone: v.timeZone!, language: v.language! },
          })}
          onDone={() => {}}
        />
      )}
    </section>
  );
}
