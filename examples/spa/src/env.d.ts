/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Origin of the leadbeacon collector; empty for the page's own origin. */
  readonly VITE_LB_COLLECTOR?: string;
}
