/**
 * The model leadbeacon ships with. Every value cites where it comes from: the point table and the
 * worked case of the product design ("DESIGN"), and peers' published defaults and practice
 * (Pardot, HubSpot, Marketo, ActiveCampaign, SharpSpring, Relias, Lead Liaison). The worked case
 * is reproduced exactly from the events a site sends: the seed's single "+10 newsletter click" is
 * the click the e-mail click route records (newsletter-click +5) plus the landing page view it leads
 * to, tagged utm_medium=email (newsletter-landing +5); then product check +15, video +15, a page
 * view of /costs.html (pricing by the URL mapping) +15 → 55, hot; 30 days without a visit −20 → 35, warm. Behavioural points therefore
 * expire (ActiveCampaign's 1–3 months) rather than halve within the month, except the small,
 * frequent signals, which halve monthly (HubSpot's 50 %/month example, SharpSpring's half-life).
 */

import type { ScoringModel } from './model';
import { assertModel } from './model-schema';

/**
 * A student, intern or trainee, in English, Dutch and German job titles (stagiair(e), afstudeerder,
 * werkstudent(in), trainee): the title names the person as one. Staff who work *for* students
 * ("Director of Student Services", "Internship Coordinator", "Student Success Manager") are not.
 */
export const STUDENT_TITLE =
  '^(?!.*\\b\\w*(director|directeur|directrice|manager|head|hoofd|chief|officer|co-?ordinator|coördinator|advis[eo]r|adviseur|counsel+or|dean|decaan|professor|teacher|docent|lecturer|supervisor|begeleider)\\b)' +
  '.*\\b(student\\w*|werkstudent\\w*|stagiaire?s?|afstudeer\\w*|intern|internship|trainee|apprentice)\\b';

/**
 * Leadership: C-level titles and their abbreviations (CEO, CFO, CIO, CTO, COO, CMO, …), heads,
 * directors, VPs, founders and owners, in English and Dutch (directeur, DGA, eigenaar, oprichter,
 * zaakvoerder). A role that only owns a thing ("Product Owner") or assists a leader ("Assistant to
 * the CEO") is not leadership.
 */
export const LEADERSHIP_TITLE =
  '^(?!.*\\b(assistant|assistent|assistente|secretary|secretaresse|intern|stagiaire?)\\b)' +
  '.*\\b(chief|c[defimoprt]o|ciso|cxo|head|hoofd|director|directeur|directrice|dga|s?e?vp|vice[- ]president|president|general manager|(co-?)?founder|(mede-?)?oprichter|(?<!(product|process|service|data|content|system|application|budget|risk) )owner|(mede-?)?eigenaar|zaakvoerder|bestuurder)\\b';

const DEFAULT_MODEL_INPUT: ScoringModel = {
  version: 'default-2026.11',
  name: 'leadbeacon default B2B model',
  // URL → topic mapping so that the rules below work without page markup. Paths are the common
  // conventions of B2B sites; a site overrides them in its own model.
  topics: [
    { topic: 'pricing', urls: ['/pricing*', '/prices*', '/costs*', '/plans*'] },
    { topic: 'product', urls: ['/product', '/product/*', '/products/*', '/features*', '/solutions/*'] },
    { topic: 'careers', urls: ['/careers*', '/jobs*'] },
    { topic: 'blog', urls: ['/blog/*', '/articles/*', '/resources/*'] },
  ],
  competitors: [],
  rules: [
    // --- Interest: content and engagement -------------------------------------------------------
    {
      id: 'topic-page-view',
      description: 'A product page view: +1 per product topic, once a day per topic.',
      on: 'pageview',
      when: { topic: ['product', 'product-*'] },
      axis: 'interest',
      // DESIGN: "page view on a topic page +1 to +2 (per topic)"; Pardot page view +1, SharpSpring 1–5.
      // Per topic: a page under /products/ tagged `product-flow` counts for `product` and
      // `product-flow` (+2); reading about a second product the same day adds +1 more.
      points: 1,
      perTopic: true,
      // Marketo's engagement score caps each activity per day (20/day); once a day per topic keeps
      // browsing from inflating interest.
      frequency: 'once_per_day',
      // HubSpot's decay example: 50 % after a month; SharpSpring's half-life decay.
      decay: { halfLifeDays: 30 },
    },
    {
      id: 'content-page-view',
      description: 'A blog or resource page view, once a day per topic.',
      on: 'pageview',
      when: { topic: ['blog', 'blog-*'] },
      axis: 'interest',
      // DESIGN: lower end of "+1 to +2 per topic" for content that is not about the product.
      points: 1,
      perTopic: true,
      frequency: 'once_per_day',
      // HubSpot 50 %/month.
      decay: { halfLifeDays: 30 },
    },
    {
      id: 'engaged-product-page',
      description: 'Read a product page: at least 30 s engaged and 75 % scrolled.',
      on: 'engagement',
      when: { topic: ['product', 'product-*'], engagedSeconds: 30, scrollDepth: 75 },
      axis: 'interest',
      // The example rule ("≥ 30 s and ≥ 75 % scroll → +5 interest"); scroll milestones after the research (25/50/75/100 %).
      points: 5,
      // Marketo: per-activity daily cap.
      frequency: 'once_per_day',
      decay: { halfLifeDays: 30 },
    },
    {
      id: 'newsletter-click',
      description: 'Clicked a link in a newsletter.',
      on: 'email_click',
      axis: 'interest',
      // DESIGN table: newsletter click +5. With the landing visit below it makes the worked case's "+10".
      points: 5,
      frequency: 'once_per_day',
      // ActiveCampaign recommends 1–3 months for engagement points; 90 days keeps the worked case at 35 after a month.
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'newsletter-landing',
      description: 'Arrived on the site from an e-mail link.',
      on: 'pageview',
      when: { query: { utm_medium: ['email', 'e-mail', 'newsletter'] } },
      axis: 'interest',
      // DESIGN worked case: "clicks a newsletter link (+10)" = click +5 (table) + landing +5.
      points: 5,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'newsletter-open',
      description: 'Opened a newsletter.',
      on: 'email_open',
      axis: 'interest',
      // DESIGN table: newsletter open +3. Pardot counts the first open only, Relias gives 0: cap at 15.
      points: 3,
      frequency: 'once_per_day',
      maxPoints: 15,
      decay: { halfLifeDays: 30 },
    },
    {
      id: 'video-watched',
      description: 'Watched an instruction video to the end.',
      on: ['custom', 'server'],
      when: { eventName: ['video_watched', 'video_complete'] },
      axis: 'interest',
      // DESIGN table and worked case: instruction video watched +15.
      points: 15,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'content-download',
      description: 'Downloaded a whitepaper, template or price list.',
      on: 'download',
      when: { fileExt: ['pdf', 'docx', 'xlsx', 'pptx', 'zip'] },
      axis: 'interest',
      // DESIGN table: whitepaper or template download +10 (Pardot file access +3 is lower; DESIGN wins).
      points: 10,
      // Three documents' worth at most, so a bulk download does not look like buying intent.
      maxPoints: 30,
      // A downloaded document is read later: ActiveCampaign's upper bound of 3 months, doubled.
      decay: { expiresAfterDays: 180 },
    },
    {
      id: 'newsletter-signup-business',
      description: 'Signed up for the newsletter with a business e-mail address.',
      on: 'form',
      when: { formIntent: ['newsletter', 'newsletter_signup'], emailDomain: 'business' },
      axis: 'interest',
      // DESIGN table: newsletter sign-up with business e-mail +10.
      points: 10,
      frequency: 'once',
    },
    // --- Intent: buying signals -------------------------------------------------------------------
    {
      id: 'product-check',
      description: 'Completed the product check or configurator.',
      on: ['custom', 'server'],
      when: { eventName: ['product_check_completed', 'configurator_completed'] },
      axis: 'intent',
      // DESIGN table and worked case: product configurator/check completed +15.
      points: 15,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'pricing-page',
      description: 'Read the pricing or costs page.',
      on: 'pageview',
      when: { topic: 'pricing' },
      axis: 'intent',
      // DESIGN table and worked case: cost page read +15; DESIGN lists the pricing page as an intent signal.
      points: 15,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'demo-request',
      description: 'Requested a demo.',
      on: 'form',
      when: { formIntent: ['demo_request', 'demo'] },
      axis: 'intent',
      // DESIGN table: demo request +25 to +50; Pardot form submission +50. +40 reaches the MQL intent criterion alone.
      points: 40,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'contact-request',
      description: 'Sent a contact or quote request.',
      on: 'form',
      when: { formIntent: ['contact', 'contact_request', 'quote_request'] },
      axis: 'intent',
      // DESIGN table: contact request +15.
      points: 15,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'trial-signup',
      description: 'Signed up for a trial.',
      on: 'form',
      when: { formIntent: ['trial', 'trial_signup'] },
      axis: 'intent',
      // DESIGN lists trial sign-up as an intent signal; the lower end of the demo-request range (+25).
      points: 25,
      frequency: 'once',
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'contact-click',
      description: 'Clicked an e-mail address or phone number.',
      on: ['mailto', 'tel'],
      axis: 'intent',
      // DESIGN lists mailto/tel clicks as intent signals; Pardot scores tracker clicks +3, contact request is +15: +5.
      points: 5,
      frequency: 'once_per_day',
      decay: { expiresAfterDays: 90 },
    },
    // --- Fit: what the lead tells about themselves (never decays) ----------------------------------
    {
      id: 'business-email',
      description: 'Identified with a business e-mail address.',
      on: 'identify',
      when: { emailDomain: 'business' },
      axis: 'fit',
      // DESIGN: "business vs free-mail address" is fit data; Demandbase and HubSpot treat free-mail as weaker. +5 like a given job title.
      points: 5,
      frequency: 'once',
    },
    {
      id: 'job-title-or-company',
      description: 'Gave a job title or a company.',
      on: 'identify',
      when: { anyOf: [{ traits: { title: { exists: true } } }, { traits: { company: { exists: true } } }] },
      axis: 'fit',
      // DESIGN table: job title and/or company given +5.
      points: 5,
      frequency: 'once',
    },
    {
      id: 'leadership-title',
      description: 'Holds a leadership title.',
      on: 'identify',
      when: { traits: { title: { regex: LEADERSHIP_TITLE } } },
      axis: 'fit',
      // Relias gives leadership titles +50 on a 100-point MQL scale; scaled to this model's hot band (51) and
      // damped so that profile alone never makes a lead hot: +10.
      points: 10,
      frequency: 'once',
    },
    // --- Negative scoring and disqualifiers -------------------------------------------------------
    {
      id: 'student',
      description: 'Job title says student, intern or trainee: not a buyer.',
      on: 'identify',
      when: { traits: { title: { regex: STUDENT_TITLE } } },
      axis: 'fit',
      // DESIGN table: job title "student" −30 (disqualifier).
      points: -30,
      frequency: 'once',
      disqualify: true,
    },
    {
      id: 'competitor-domain',
      description: "E-mail domain of a competitor (the model's competitors list).",
      on: 'identify',
      when: { emailDomain: 'competitor' },
      axis: 'fit',
      // DESIGN table: e-mail domain of a competitor −50; DESIGN: "she would never have been hot", hence disqualify.
      points: -50,
      frequency: 'once',
      disqualify: true,
    },
    {
      id: 'careers-page',
      description: 'Looked at job openings: more likely a candidate than a buyer.',
      on: 'pageview',
      when: { topic: 'careers' },
      axis: 'interest',
      // Relias scoring model: careers page −10; DESIGN lists careers-page visits as negative.
      points: -10,
      frequency: 'once_per_day',
      maxPoints: 30,
      decay: { expiresAfterDays: 90 },
    },
    {
      id: 'unsubscribe',
      description: 'Unsubscribed from e-mails.',
      on: ['custom', 'server'],
      when: { eventName: ['unsubscribe', 'email_unsubscribe', 'unsubscribed'] },
      axis: 'interest',
      // Relias scoring model: unsubscribe −15; DESIGN lists unsubscribes as negative.
      points: -15,
      frequency: 'once',
    },
    {
      id: 'inactive-30-days',
      description: 'A month without a visit.',
      on: 'inactivity',
      inactivityDays: 30,
      axis: 'interest',
      // DESIGN table and worked case: a month without a visit −20.
      points: -20,
    },
    {
      id: 'inactive-90-days',
      description: 'Three months without a visit: behavioural points start over.',
      on: 'inactivity',
      inactivityDays: 90,
      axis: 'interest',
      // Marketo practitioners' recipe: 90 days without activity → behaviour score 0; DESIGN: "reset the behavioural score".
      points: 0,
      resetBehaviour: true,
    },
  ],
  bands: [
    {
      on: 'total',
      // DESIGN: cold 0–25 · warm 26–50 · hot 51+, on the total of all axes (the worked case adds interest and intent).
      levels: [
        { name: 'cold', min: 0 },
        { name: 'warm', min: 26 },
        { name: 'hot', min: 51 },
      ],
      // Research §4.8: practitioners ask that 59 and 61 not be treated radically differently; 3 points ≈ one small signal.
      hysteresis: 3,
      // A disqualified lead is at most warm (DESIGN: never reaches sales whatever its score).
      disqualifiedMax: 'warm',
    },
  ],
  stages: {
    // Hot is sales-ready (DESIGN bands); a demo request with a good profile is too (Relias: demo form → MQL).
    mql: [{ total: 51 }, { intent: 40, fit: 10 }],
    requireKnown: true,
    // An MQL that cools back to cold (below warm's 26) is recycled.
    recycleBelow: 26,
  },
};

/** The shipped model, validated at load so a bad edit fails every test at once. */
export const DEFAULT_MODEL: ScoringModel = assertModel(DEFAULT_MODEL_INPUT);
