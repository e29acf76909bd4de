// The current checker's breaches of the panel's rules, as it.fails in tests/panel.test.ts.
// Regenerate with: npx tsx tests/panel/print.ts --known > tests/panel/known.ts (then check the diff).
// A fixed breach makes its it.fails fail: remove it from here. PANEL_STRICT=1 runs them all as plain its.
export const KNOWN_HARD: string[] = [
  "relu-mlp 4-6-3 ce near-kink :: average of slopes at b1[1] (near kink)",
  "softmax-ce saturated classifier :: zero tiny W[5,3]",
  "softmax-ce saturated classifier :: x3 tiny W[5,3]",
  "attention peaked scores :: flip Wv[0,1]",
  "multiclass hinge exact and near ties :: correct",
  "multiclass hinge exact and near ties :: hinge'(0)=1 (valid subgradient)",
  "multiclass hinge exact and near ties :: flip W[4,0]",
  "multiclass hinge exact and near ties :: 1e-3 off W[1,0] (near kink)",
  "multiclass hinge exact and near ties :: average of slopes at b[3] (near kink)",
  "logistic L2 trained :: bias 1e-4 relative off",
];

export const KNOWN_GOAL: string[] = [
  "relu-mlp 4-6-3 ce near-kink :: correct",
  "relu-mlp 4-6-3 ce near-kink :: average of slopes at b1[1] (near kink)",
  "relu-mlp 4-6-3 mse cancelling kinks :: correct",
  "relu-mlp 4-6-5-3 ce near-kink layer 2 :: correct",
  "softmax-ce saturated classifier :: correct",
  "attention peaked scores :: correct",
  "lasso exact zeros and 1e-6 :: w[3] outside subdifferential",
  "multiclass hinge exact and near ties :: average of slopes at b[3] (near kink)",
  "log barrier near edge (NaN outside) :: correct",
  "log barrier near edge (NaN outside) :: flip w[4]",
  "log barrier near edge (NaN outside) :: 1e-3 off w[4]",
  "log barrier near edge (NaN outside) :: near-active constraint forgotten",
  "log barrier near edge (+Inf outside) :: correct",
  "log barrier near edge (+Inf outside) :: flip w[4]",
  "log barrier near edge (+Inf outside) :: 1e-3 off w[4]",
  "log barrier near edge (+Inf outside) :: near-active constraint forgotten",
  "gaussian nll variance 0.00005 :: correct",
  "gaussian nll variance 0.00005 :: var[0]: 1/(2v) term forgotten",
  "gaussian nll variance 0.00005 :: beta: divided by sqrt(v)",
  "gaussian nll variance 0.00005 :: flip beta[7]",
  "logistic L2 trained :: correct",
  "float32 tanh-mlp 5-6-3 mse :: 1% off W2[2,0] (entry 48)",
  "float32 tanh-mlp 5-6-3 mse :: flip b1[0]",
  "float32 relu-mlp 5-6-3 ce trained :: 1% off W2[2,0] (entry 48)",
  "float32 relu-mlp 5-6-3 ce trained :: 1% off W1[1,2] (entry 7)",
];
