/**
 * L2-regularised logistic regression, fitted exactly by Newton's method: transparent (one
 * coefficient per feature, in log-odds), deterministic, and stable on a few dozen samples because
 * the penalty keeps coefficients finite even when a feature separates the classes perfectly.
 */

export type LogisticOptions = {
  /** Strength of the L2 penalty on the standardised coefficients (a Gaussian prior with variance 1/l2). Default 1. */
  l2?: number;
  /**
   * A faint penalty on the intercept (a Gaussian prior with standard deviation 10 on the log-odds).
   * Default 0.01: negligible when both classes are present, but it keeps the fit finite on a
   * training set of one class only, where an unpenalised intercept runs off to infinity.
   */
  interceptL2?: number;
  /** Newton iterations at most. Default 50. */
  maxIterations?: number;
  /** Stop when no coefficient moves more than this. Default 1e-9. */
  tolerance?: number;
};

/** A fitted model on standardised features: `p = σ(intercept + Σ coef_j · (x_j − mean_j) / sd_j)`. */
export type LogisticFit = {
  intercept: number;
  /** Per feature; 0 for a feature that did not vary in the training data (it carries no information). */
  coef: number[];
  mean: number[];
  sd: number[];
  /**
   * Per feature, the standard deviation of its standardised coefficient under the Laplace
   * approximation (the inverse of the penalised Hessian at the optimum: the Gaussian prior's
   * posterior); 0 for a feature that did not vary.
   */
  se: number[];
  iterations: number;
  converged: boolean;
};

const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Fits on rows `x` (n × d) and outcomes `y`. */
export function fitLogistic(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  options: LogisticOptions = {},
): LogisticFit {
  const l2 = options.l2 ?? 1;
  const interceptL2 = options.interceptL2 ?? 0.01;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-9;
  const n = x.length;
  const d = x[0]?.length ?? 0;
  const { mean, sd } = standardisation(x, d);
  // Only varying features enter the design: a constant column has no coefficient to learn.
  const used = sd.flatMap((s, j) => (s > 0 ? [j] : []));
  const k = used.length + 1;
  // Typed rows: the fit's inner loops run over n × k² numbers, and typed arrays keep them unboxed.
  const design = x.map((row) => {
    const r = new Float64Array(k);
    r[0] = 1;
    for (let i = 0; i < used.length; i++) {
      const j = used[i] as number;
      r[i + 1] = ((row[j] ?? 0) - (mean[j] as number)) / (sd[j] as number);
    }
    return r;
  });
  const target = y.map((v) => (v ? 1 : 0));

  let beta = new Array<number>(k).fill(0);
  let objective = penalisedLoss(design, target, beta, l2, interceptL2);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    const grad = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) {
      const row = design[i] as Float64Array;
      const r = sigmoid(dot(row, beta)) - (target[i] as number);
      for (let a = 0; a < k; a++) grad[a] = (grad[a] as number) + r * (row[a] as number);
    }
    for (let a = 0; a < k; a++)
      grad[a] = (grad[a] as number) + (a === 0 ? interceptL2 : l2) * (beta[a] as number);
    const step = solveSymmetric(hessian(design, beta, l2, interceptL2), grad);
    // Backtracking: a full Newton step can overshoot far from the optimum; halving until the
    // penalised loss decreases makes every iteration an improvement.
    let t = 1;
    let next = beta.map((b, i) => b - t * (step[i] as number));
    let nextObjective = penalisedLoss(design, target, next, l2, interceptL2);
    while (nextObjective > objective + 1e-12 && t > 1e-6) {
      t /= 2;
      next = beta.map((b, i) => b - t * (step[i] as number));
      nextObjective = penalisedLoss(design, target, next, l2, interceptL2);
    }
    const moved = Math.max(0, ...next.map((b, i) => Math.abs(b - (beta[i] as number))));
    beta = next;
    objective = nextObjective;
    converged = moved < tolerance;
  }

  const coef = new Array<number>(d).fill(0);
  const se = new Array<number>(d).fill(0);
  const hess = hessian(design, beta, l2, interceptL2);
  used.forEach((j, i) => {
    coef[j] = beta[i + 1] as number;
    // The (i+1)-th diagonal element of the inverse: solve H·v = e_(i+1).
    const unit = new Array<number>(k).fill(0);
    unit[i + 1] = 1;
    se[j] = Math.sqrt(Math.max(0, solveSymmetric(hess, unit)[i + 1] as number));
  });
  return { intercept: beta[0] as number, coef, mean, sd, se, iterations, converged };
}

/** The fitted probability of the positive class for one row. */
export function predictLogistic(fit: LogisticFit, row: readonly number[]): number {
  let z = fit.intercept;
  for (let j = 0; j < fit.coef.length; j++) {
    const s = fit.sd[j] as number;
    if (s > 0) z += ((fit.coef[j] as number) * ((row[j] ?? 0) - (fit.mean[j] as number))) / s;
  }
  return sigmoid(z);
}

/**
 * Deterministic stratified folds: won and lost samples are dealt round-robin in input order, so
 * every fold has about the same share of each class. `k >= n` is leave-one-out.
 */
export function stratifiedFolds(y: readonly boolean[], k: number): number[] {
  const folds = new Array<number>(y.length).fill(0);
  let next = 0;
  for (const cls of [true, false]) {
    for (let i = 0; i < y.length; i++) if (y[i] === cls) folds[i] = next++ % k;
  }
  return folds;
}

/**
 * Out-of-sample probabilities: each sample is predicted by a model fitted without its fold
 * (standardisation included), so overfitting shows up as a gap to the in-sample fit.
 */
export function crossValidatedPredictions(
  x: readonly (readonly number[])[],
  y: readonly boolean[],
  folds: readonly number[],
  options: LogisticOptions = {},
): { model: number[]; baseRate: number[]; fits: LogisticFit[] } {
  const k = Math.max(0, ...folds) + 1;
  const model = new Array<number>(y.length).fill(0.5);
  const baseRate = new Array<number>(y.length).fill(0.5);
  const fits: LogisticFit[] = [];
  for (let f = 0; f < k; f++) {
    const train = folds.flatMap((g, i) => (g === f ? [] : [i]));
    const test = folds.flatMap((g, i) => (g === f ? [i] : []));
    if (test.length === 0) continue;
    const fit = fitLogistic(
      train.map((i) => x[i] as number[]),
      train.map((i) => y[i] as boolean),
      options,
    );
    fits.push(fit);
    const rate = train.filter((i) => y[i]).length / train.length;
    for (const i of test) {
      model[i] = predictLogistic(fit, x[i] as number[]);
      baseRate[i] = rate;
    }
  }
  return { model, baseRate, fits };
}

/** The Hessian of the penalised loss at `beta`: Xᵀ·W·X plus the ridge on the diagonal. */
function hessian(
  design: readonly Float64Array[],
  beta: number[],
  l2: number,
  interceptL2: number,
): number[][] {
  const k = beta.length;
  const flat = new Float64Array(k * k);
  for (const row of design) {
    const mu = sigmoid(dot(row, beta));
    const w = mu * (1 - mu);
    for (let a = 0; a < k; a++) {
      const wa = w * (row[a] as number);
      const base = a * k;
      for (let b = 0; b <= a; b++) flat[base + b] = (flat[base + b] as number) + wa * (row[b] as number);
    }
  }
  const hess = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let a = 0; a < k; a++) {
    const ha = hess[a] as number[];
    for (let b = 0; b <= a; b++) {
      ha[b] = flat[a * k + b] as number;
      (hess[b] as number[])[a] = ha[b] as number;
    }
    ha[a] = (ha[a] as number) + (a === 0 ? interceptL2 : l2);
  }
  return hess;
}

function standardisation(x: readonly (readonly number[])[], d: number): { mean: number[]; sd: number[] } {
  const n = x.length;
  const mean = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  if (n === 0) return { mean, sd };
  for (const row of x) for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (row[j] ?? 0) / n;
  for (const row of x)
    for (let j = 0; j < d; j++) sd[j] = (sd[j] as number) + ((row[j] ?? 0) - (mean[j] as number)) ** 2 / n;
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt(sd[j] as number);
    // Below this a column is constant up to rounding: treat it as carrying no information.
    sd[j] = s > 1e-12 ? s : 0;
  }
  return { mean, sd };
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

function penalisedLoss(
  design: readonly Float64Array[],
  target: number[],
  beta: number[],
  l2: number,
  interceptL2: number,
): number {
  let loss = 0;
  for (let i = 0; i < design.length; i++) {
    const z = dot(design[i] as Float64Array, beta);
    // log(1 + e^z) − y·z, computed without overflow for large |z|.
    loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - (target[i] as number) * z;
  }
  loss += (interceptL2 / 2) * (beta[0] as number) ** 2;
  for (let j = 1; j < beta.length; j++) loss += (l2 / 2) * (beta[j] as number) ** 2;
  return loss;
}

/** Solves `A·x = b` for a symmetric positive definite `A` (Cholesky). */
function solveSymmetric(a: number[][], b: number[]): number[] {
  const n = b.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let s = (a[i] as number[])[j] as number;
      for (let m = 0; m < j; m++) s -= (li[m] as number) * (lj[m] as number);
      if (i === j) li[i] = Math.sqrt(Math.max(s, 1e-300));
      else li[j] = s / (lj[j] as number);
    }
  }
  const z = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let s = b[i] as number;
    for (let m = 0; m < i; m++) s -= ((l[i] as number[])[m] as number) * (z[m] as number);
    z[i] = s / ((l[i] as number[])[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i] as number;
    for (let m = i + 1; m < n; m++) s -= ((l[m] as number[])[i] as number) * (x[m] as number);
    x[i] = s / ((l[i] as number[])[i] as number);
  }
  return x;
}
