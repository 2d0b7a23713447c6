-- Accounts: one row per account (a business e-mail domain of a site), written by the account's own
-- Durable Object (a:<site>:<domain>) after it scores; derived data like the lead index.
CREATE TABLE accounts (
  site TEXT NOT NULL,
  domain TEXT NOT NULL,                 -- the account's key: a business e-mail domain
  name TEXT,                            -- the company's name (profile, traits or network)
  total REAL NOT NULL DEFAULT 0,
  interest REAL NOT NULL DEFAULT 0,
  intent REAL NOT NULL DEFAULT 0,
  fit REAL NOT NULL DEFAULT 0,
  band TEXT NOT NULL DEFAULT 'cold',
  stage TEXT NOT NULL DEFAULT 'visitor',
  known_people INTEGER NOT NULL DEFAULT 0,
  anonymous_visitors INTEGER NOT NULL DEFAULT 0,
  topics TEXT NOT NULL DEFAULT '[]',    -- JSON list of the topics its members read
  country TEXT,
  industry TEXT,
  last_seen INTEGER,
  updated_at INTEGER NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0,       -- the object's revision: an older write never overwrites a newer one
  PRIMARY KEY (site, domain)
);
CREATE INDEX accounts_total ON accounts (site, total DESC);

-- The members of each account (lead or visitor object ids), for erasure and for the lead's page.
CREATE TABLE account_members (
  site TEXT NOT NULL,
  domain TEXT NOT NULL,
  member_id TEXT NOT NULL,              -- the lead's or visitor's object id (64 hex characters)
  PRIMARY KEY (site, member_id)
);
CREATE INDEX account_members_domain ON account_members (site, domain);

-- Company networks linked to an account: a known person of the account visited from the network.
-- An anonymous visitor from the network joins the linked account with the most known people.
CREATE TABLE account_networks (
  site TEXT NOT NULL,
  company_key TEXT NOT NULL,            -- NetworkInfo.companyKey
  domain TEXT NOT NULL,
  people INTEGER NOT NULL,              -- known people of the account seen from this network
  PRIMARY KEY (site, company_key, domain)
);

-- Aliases an admin set: another e-mail domain (d:<domain>) or a company network (n:<companyKey>)
-- that belongs to an account. Deleting the row splits it off again.
CREATE TABLE account_aliases (
  site TEXT NOT NULL,
  alias TEXT NOT NULL,                  -- d:<domain> or n:<companyKey>
  domain TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (site, alias)
);
CREATE INDEX account_aliases_domain ON account_aliases (site, domain);
