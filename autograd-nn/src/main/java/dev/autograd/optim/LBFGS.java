package dev.autograd.optim;

import dev.autograd.Autograd;
import dev.autograd.DType;
import dev.autograd.Tensor;
import dev.autograd.TensorException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * L-BFGS, as {@code torch.optim.LBFGS}: a quasi-Newton method that builds an approximation of the
 * inverse Hessian from the last {@code historySize} steps {@code s_k = x_{k+1} - x_k} and gradient
 * changes {@code y_k = g_{k+1} - g_k}, and moves along {@code d = -H g}, with a fixed step {@code
 * lr} or a strong-Wolfe line search.
 *
 * <p>All parameters are flattened into one vector {@code x}. Each {@link #step(Supplier)} runs up
 * to {@code maxIter} iterations of
 *
 * <pre>
 * d = -H g                      (two-loop recursion over the history, H_0 = (y.s / y.y) I)
 * t = lr                        (the first iteration ever: min(1, 1 / sum|g|) * lr)
 * x = x + t d                   (t chosen by the line search if lineSearchFn is "strong_wolfe")
 * </pre>
 *
 * storing a pair {@code (s, y)} only when {@code y.s > 1e-10}. It stops when {@code max|g| <=
 * toleranceGrad}, when {@code g.d > -toleranceChange}, when {@code max|t d| <= toleranceChange} or
 * {@code |f - f_prev| < toleranceChange}, after {@code maxIter} iterations, or after {@code
 * maxEval} evaluations of the loss.
 *
 * <p>The step needs a closure that re-evaluates the loss, since it is evaluated several times;
 * {@link #step()} without one is refused:
 *
 * <pre>{@code
 * Tensor xy = Tensor.of(new double[] {-1.5, 2.0}, DType.FLOAT64, 2).requiresGrad(true);
 * LBFGS optimizer = LBFGS.builder(List.of(xy)).lineSearchFn("strong_wolfe").build();
 * Supplier<Tensor> rosenbrock = () -> {
 *   optimizer.zeroGrad();
 *   Tensor x = xy.select(0, 0), y = xy.select(0, 1);
 *   Tensor loss = x.neg().add(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
 *   loss.backward();
 *   return loss;
 * };
 * for (int i = 0; i < 5; i++) optimizer.step(rosenbrock);
 * }</pre>
 *
 * <p>Only one parameter group is supported, as in PyTorch. The state is global, kept (as in
 * PyTorch) under the first parameter: {@code "funcEvals"} and {@code "nIter"} (evaluations and
 * iterations over all steps), {@code "d"} and {@code "t"} (the last direction and step length),
 * {@code "oldDirs"} and {@code "oldStps"} (the history of {@code y} and {@code s}, lists of
 * flattened tensors), {@code "ro"} (the {@code 1 / y.s}), {@code "hDiag"}, {@code "prevFlatGrad"}
 * and {@code "prevLoss"}. Flattened tensors have the promoted dtype of the parameters.
 *
 * <p>Defaults as PyTorch's: lr 1, maxIter 20, maxEval {@code maxIter * 5 / 4} (rounded down),
 * toleranceGrad 1e-7, toleranceChange 1e-9, historySize 100, no line search. In the options,
 * PyTorch's {@code line_search_fn=None} is the string {@code "none"}.
 */
public final class LBFGS extends Optimizer {
  /** The only line search PyTorch has. */
  public static final String STRONG_WOLFE = "strong_wolfe";

  /** The {@code lineSearchFn} option's value for a fixed step {@code lr}. */
  public static final String NO_LINE_SEARCH = "none";

  private static final String OP = "LBFGS.step";

  private static final Set<String> STATE_KEYS =
      Set.of(
          "funcEvals",
          "nIter",
          "d",
          "t",
          "oldDirs",
          "oldStps",
          "ro",
          "hDiag",
          "prevFlatGrad",
          "prevLoss");

  private final List<Tensor> params;
  private final int numel;
  private final DType dtype;

  /**
   * L-BFGS with PyTorch's defaults (no line search).
   *
   * @param params the parameters
   */
  public LBFGS(List<Tensor> params) {
    this(singleGroup("LBFGS", params), defaultOptions(20));
  }

  private LBFGS(List<ParamGroup> groups, Map<String, Object> defaults) {
    super(requireOneGroup(groups), defaults);
    params = paramGroups().get(0).params();
    int n = 0;
    DType promoted = params.get(0).dtype();
    for (Tensor p : params) {
      n += p.numel();
      promoted = DType.promote(promoted, p.dtype());
    }
    numel = n;
    dtype = promoted;
  }

  private static List<ParamGroup> requireOneGroup(List<ParamGroup> groups) {
    if (groups.size() > 1) {
      throw new IllegalArgumentException(
          "LBFGS doesn't support per-parameter options (parameter groups), got "
              + groups.size()
              + " groups");
    }
    return groups;
  }

  private static Map<String, Object> defaultOptions(int maxIter) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lr", 1.0);
    o.put("maxIter", (double) maxIter);
    o.put("maxEval", (double) (maxIter * 5 / 4));
    o.put("toleranceGrad", 1e-7);
    o.put("toleranceChange", 1e-9);
    o.put("historySize", 100.0);
    o.put("lineSearchFn", NO_LINE_SEARCH);
    return o;
  }

  /**
   * A builder over the parameters, with PyTorch's defaults.
   *
   * @param params the parameters
   * @return the builder
   */
  public static Builder builder(List<Tensor> params) {
    return new Builder(singleGroup("builder", params));
  }

  /**
   * A builder over one group of parameters, whose options override the builder's; several groups
   * are refused when built, as PyTorch refuses them.
   *
   * @param groups the groups (one)
   * @return the builder
   */
  public static Builder builder(ParamGroup... groups) {
    return new Builder(groups(groups));
  }

  /**
   * L-BFGS's settings: lr, maxIter, maxEval, toleranceGrad, toleranceChange, historySize,
   * lineSearchFn.
   */
  public static final class Builder extends Optimizer.Builder<Builder, LBFGS> {
    private boolean maxEvalSet;

    private Builder(List<ParamGroup> groups) {
      super(groups, defaultOptions(20));
    }

    /**
     * The largest number of iterations per step.
     *
     * @param maxIter at least 1 (default 20)
     * @return this builder
     */
    public Builder maxIter(int maxIter) {
      return option("maxIter", (double) maxIter);
    }

    /**
     * The largest number of loss evaluations per step, checked after each iteration.
     *
     * @param maxEval at least 1 (default {@code maxIter * 5 / 4})
     * @return this builder
     */
    public Builder maxEval(int maxEval) {
      maxEvalSet = true;
      return option("maxEval", (double) maxEval);
    }

    /**
     * The first-order optimality tolerance: the step ends when {@code max|g| <= toleranceGrad}.
     *
     * @param toleranceGrad non-negative (default 1e-7)
     * @return this builder
     */
    public Builder toleranceGrad(double toleranceGrad) {
      return option("toleranceGrad", toleranceGrad);
    }

    /**
     * The tolerance on changes of the loss and the parameters, and on the directional derivative.
     *
     * @param toleranceChange non-negative (default 1e-9)
     * @return this builder
     */
    public Builder toleranceChange(double toleranceChange) {
      return option("toleranceChange", toleranceChange);
    }

    /**
     * The number of {@code (s, y)} pairs kept.
     *
     * @param historySize at least 1 (default 100)
     * @return this builder
     */
    public Builder historySize(int historySize) {
      return option("historySize", (double) historySize);
    }

    /**
     * The line search: {@code "strong_wolfe"}, or null for a fixed step {@code lr} (PyTorch's
     * {@code None}, stored as {@link #NO_LINE_SEARCH}).
     *
     * @param lineSearchFn {@code "strong_wolfe"} or null
     * @return this builder
     */
    public Builder lineSearchFn(String lineSearchFn) {
      return option("lineSearchFn", lineSearchFn == null ? NO_LINE_SEARCH : lineSearchFn);
    }

    @Override
    public LBFGS build() {
      if (!maxEvalSet) {
        defaults.put(
            "maxEval", Math.floor(((Number) defaults.get("maxIter")).doubleValue() * 1.25));
      }
      return new LBFGS(groups, defaults);
    }
  }

  @Override
  protected void checkOptions(Map<String, Object> o) {
    checkNonNegative(o, "lr", "LBFGS: Invalid learning rate");
    checkNonNegative(o, "toleranceGrad", "LBFGS: Invalid toleranceGrad value");
    checkNonNegative(o, "toleranceChange", "LBFGS: Invalid toleranceChange value");
    for (String key : List.of("maxIter", "maxEval", "historySize")) {
      Object v = o.get(key);
      if (v instanceof Double) {
        double n = (Double) v;
        if (!(n >= 1 && n == Math.rint(n) && n <= Integer.MAX_VALUE)) {
          throw new IllegalArgumentException(
              "LBFGS: Invalid " + key + " value: " + v + ", expected an integer of at least 1");
        }
      }
    }
    Object search = o.get("lineSearchFn");
    if (search != null && !STRONG_WOLFE.equals(search) && !NO_LINE_SEARCH.equals(search)) {
      throw new IllegalArgumentException(
          "LBFGS: only 'strong_wolfe' is supported as lineSearchFn (or null for none), got '"
              + search
              + "'");
    }
  }

  /** Never called: {@link #requiresClosure()} makes {@link #step()} refuse to run. */
  @Override
  protected void update(Tensor param, Tensor grad, ParamGroup group, Map<String, Object> state) {
    throw new UnsupportedOperationException(
        "LBFGS updates all parameters at once in step(closure)");
  }

  @Override
  protected boolean requiresClosure() {
    return true;
  }

  @Override
  protected Tensor closureStep(Supplier<Tensor> closure) {
    if (paramGroups().size() != 1) {
      throw new TensorException(
          OP
              + ": LBFGS doesn't support per-parameter options (parameter groups), but it has "
              + paramGroups().size()
              + " groups");
    }
    try (Autograd.Scope scope = Autograd.noGrad()) {
      return run(closure, paramGroups().get(0), mutableState(params.get(0)));
    }
  }

  /** The iterations of one step, reading and writing {@code state}. */
  private Tensor run(Supplier<Tensor> closure, ParamGroup group, Map<String, Object> state) {
    double lr = group.lr();
    int maxIter = (int) group.getDouble("maxIter");
    int maxEval = (int) group.getDouble("maxEval");
    double toleranceGrad = group.getDouble("toleranceGrad");
    double toleranceChange = group.getDouble("toleranceChange");
    int historySize = (int) group.getDouble("historySize");
    boolean strongWolfe = STRONG_WOLFE.equals(group.getString("lineSearchFn"));

    state.putIfAbsent("funcEvals", 0L);
    state.putIfAbsent("nIter", 0L);
    long funcEvals = (Long) state.get("funcEvals");
    long totalIter = (Long) state.get("nIter");

    Tensor origLoss = evaluate(closure);
    double loss = origLoss.item();
    int currentEvals = 1;
    state.put("funcEvals", ++funcEvals);
    double[] flatGrad = gatherFlatGrad();
    boolean optCond = maxAbs(flatGrad) <= toleranceGrad;
    if (optCond) return origLoss;

    double[] d = array(state.get("d"));
    double t = state.containsKey("t") ? (Double) state.get("t") : 0;
    List<double[]> oldDirs = arrays(state.get("oldDirs"));
    List<double[]> oldStps = arrays(state.get("oldStps"));
    List<Double> ro = state.containsKey("ro") ? doubles(state.get("ro")) : new ArrayList<>();
    double hDiag = state.containsKey("hDiag") ? (Double) state.get("hDiag") : 1;
    double[] prevFlatGrad = array(state.get("prevFlatGrad"));
    double prevLoss = state.containsKey("prevLoss") ? (Double) state.get("prevLoss") : 0;

    int nIter = 0;
    while (nIter < maxIter) {
      nIter++;
      totalIter++;
      if (totalIter == 1) {
        d = scaled(flatGrad, -1);
        oldDirs = new ArrayList<>();
        oldStps = new ArrayList<>();
        ro = new ArrayList<>();
        hDiag = 1;
      } else {
        double[] y = new double[numel];
        for (int i = 0; i < numel; i++) y[i] = flatGrad[i] - prevFlatGrad[i];
        double[] s = scaled(d, t);
        double ys = dot(y, s);
        if (ys > 1e-10) {
          if (oldDirs.size() == historySize) {
            oldDirs.remove(0);
            oldStps.remove(0);
            ro.remove(0);
          }
          oldDirs.add(y);
          oldStps.add(s);
          ro.add(1.0 / ys);
          hDiag = ys / dot(y, y);
        }
        d = twoLoop(flatGrad, oldDirs, oldStps, ro, hDiag);
      }
      prevFlatGrad = flatGrad.clone();
      prevLoss = loss;

      if (totalIter == 1) {
        double inverse = 1.0 / absSum(flatGrad);
        t = (inverse < 1.0 ? inverse : 1.0) * lr;
      } else {
        t = lr;
      }
      double gtd = dot(flatGrad, d);
      if (gtd > -toleranceChange) break;

      int lsFuncEvals = 0;
      if (strongWolfe) {
        LineSearch ls = new LineSearch(closure, cloneParams(), d);
        ls.search(t, loss, flatGrad, gtd);
        loss = ls.f;
        flatGrad = ls.g;
        t = ls.t;
        lsFuncEvals = ls.evals;
        addToParams(t, d);
        optCond = maxAbs(flatGrad) <= toleranceGrad;
      } else {
        addToParams(t, d);
        if (nIter != maxIter) {
          // the last iteration's loss is not needed: the next step evaluates it anyway
          loss = evaluate(closure).item();
          flatGrad = gatherFlatGrad();
          optCond = maxAbs(flatGrad) <= toleranceGrad;
          lsFuncEvals = 1;
        }
      }
      currentEvals += lsFuncEvals;
      funcEvals += lsFuncEvals;

      if (nIter == maxIter || currentEvals >= maxEval || optCond) break;
      if (maxAbs(scaled(d, t)) <= toleranceChange) break;
      if (Math.abs(loss - prevLoss) < toleranceChange) break;
    }

    state.put("funcEvals", funcEvals);
    state.put("nIter", totalIter);
    state.put("d", flat(d));
    state.put("t", t);
    state.put("oldDirs", flats(oldDirs));
    state.put("oldStps", flats(oldStps));
    state.put("ro", Collections.unmodifiableList(new ArrayList<>(ro)));
    state.put("hDiag", hDiag);
    state.put("prevFlatGrad", flat(prevFlatGrad));
    state.put("prevLoss", prevLoss);
    return origLoss;
  }

  /**
   * The two-loop recursion: {@code -H g} for the inverse-Hessian approximation {@code H} built from
   * the pairs {@code (s_i, y_i)} on {@code H_0 = hDiag I}.
   */
  private static double[] twoLoop(
      double[] g, List<double[]> dirs, List<double[]> stps, List<Double> ro, double hDiag) {
    int m = dirs.size();
    double[] al = new double[m];
    double[] q = scaled(g, -1);
    for (int i = m - 1; i >= 0; i--) {
      al[i] = dot(stps.get(i), q) * ro.get(i);
      addScaled(q, -al[i], dirs.get(i));
    }
    double[] r = scaled(q, hDiag);
    for (int i = 0; i < m; i++) {
      double be = dot(dirs.get(i), r) * ro.get(i);
      addScaled(r, al[i] - be, stps.get(i));
    }
    return r;
  }

  /**
   * The strong-Wolfe line search along {@code d} from the parameters {@code x}: a bracketing phase
   * that extrapolates by cubic interpolation until an interval holding a point with sufficient
   * decrease {@code f(t) <= f + c1 t g.d} and curvature {@code |g(t).d| <= -c2 g.d} is found, then
   * a zoom phase that shrinks it. Leaves the parameters at {@code x}.
   */
  private final class LineSearch {
    private static final double C1 = 1e-4;
    private static final double C2 = 0.9;
    // PyTorch calls its line search with its own tolerance, not the optimizer's toleranceChange.
    private static final double TOLERANCE_CHANGE = 1e-9;
    private static final int MAX_LS = 25;

    private final Supplier<Tensor> closure;
    private final Tensor[] x;
    private final double[] d;

    /** The result: step length, loss and gradient there, and the number of evaluations. */
    double t;

    double f;
    double[] g;
    int evals;

    LineSearch(Supplier<Tensor> closure, Tensor[] x, double[] d) {
      this.closure = closure;
      this.x = x;
      this.d = d;
    }

    /** Evaluates the loss and gradient at {@code x + step d} into {@link #f} and {@link #g}. */
    private void evaluateAt(double step) {
      addToParams(step, d);
      f = evaluate(closure).item();
      g = gatherFlatGrad();
      for (int i = 0; i < x.length; i++) params.get(i).copy_(x[i]);
      evals++;
    }

    void search(double t0, double f0, double[] g0, double gtd0) {
      double dNorm = maxAbs(d);
      double tNew = t0;
      evaluateAt(tNew);
      double gtdNew = dot(g, d);

      double tPrev = 0;
      double fPrev = f0;
      double[] gPrev = g0;
      double gtdPrev = gtd0;
      boolean done = false;
      int lsIter = 0;
      double[] bracket = null;
      double[] bracketF = null;
      double[][] bracketG = null;
      double[] bracketGtd = null;
      while (lsIter < MAX_LS) {
        boolean sufficientDecrease = !(f > f0 + C1 * tNew * gtd0 || (lsIter > 1 && f >= fPrev));
        if (sufficientDecrease && Math.abs(gtdNew) <= -C2 * gtd0) {
          bracket = new double[] {tNew};
          bracketF = new double[] {f};
          bracketG = new double[][] {g};
          done = true;
          break;
        }
        if (!sufficientDecrease || gtdNew >= 0) {
          bracket = new double[] {tPrev, tNew};
          bracketF = new double[] {fPrev, f};
          bracketG = new double[][] {gPrev, g};
          bracketGtd = new double[] {gtdPrev, gtdNew};
          break;
        }
        double minStep = tNew + 0.01 * (tNew - tPrev);
        double maxStep = tNew * 10;
        double previous = tNew;
        tNew = cubicInterpolate(tPrev, fPrev, gtdPrev, tNew, f, gtdNew, minStep, maxStep);
        tPrev = previous;
        fPrev = f;
        gPrev = g;
        gtdPrev = gtdNew;
        evaluateAt(tNew);
        gtdNew = dot(g, d);
        lsIter++;
      }
      if (lsIter == MAX_LS) {
        bracket = new double[] {0, tNew};
        bracketF = new double[] {f0, f};
        bracketG = new double[][] {g0, g};
      }

      boolean insufficientProgress = false;
      int low = bracketF[0] <= bracketF[bracketF.length - 1] ? 0 : 1;
      int high = 1 - low;
      while (!done && lsIter < MAX_LS) {
        if (Math.abs(bracket[1] - bracket[0]) * dNorm < TOLERANCE_CHANGE) break;
        tNew =
            cubicInterpolate(
                bracket[0],
                bracketF[0],
                bracketGtd[0],
                bracket[1],
                bracketF[1],
                bracketGtd[1],
                Double.NaN,
                Double.NaN);
        double hi = pyMax(bracket[0], bracket[1]);
        double lo = pyMin(bracket[0], bracket[1]);
        double eps = 0.1 * (hi - lo);
        // a trial point too close to an end of the bracket is moved 10% of its length inside,
        // unless this is the first time and it lies strictly inside
        if (pyMin(hi - tNew, tNew - lo) < eps) {
          if (insufficientProgress || tNew >= hi || tNew <= lo) {
            tNew = Math.abs(tNew - hi) < Math.abs(tNew - lo) ? hi - eps : lo + eps;
            insufficientProgress = false;
          } else {
            insufficientProgress = true;
          }
        } else {
          insufficientProgress = false;
        }
        evaluateAt(tNew);
        gtdNew = dot(g, d);
        lsIter++;

        if (f > f0 + C1 * tNew * gtd0 || f >= bracketF[low]) {
          bracket[high] = tNew;
          bracketF[high] = f;
          bracketG[high] = g;
          bracketGtd[high] = gtdNew;
          low = bracketF[0] <= bracketF[1] ? 0 : 1;
          high = 1 - low;
        } else {
          if (Math.abs(gtdNew) <= -C2 * gtd0) {
            done = true;
          } else if (gtdNew * (bracket[high] - bracket[low]) >= 0) {
            bracket[high] = bracket[low];
            bracketF[high] = bracketF[low];
            bracketG[high] = bracketG[low];
            bracketGtd[high] = bracketGtd[low];
          }
          bracket[low] = tNew;
          bracketF[low] = f;
          bracketG[low] = g;
          bracketGtd[low] = gtdNew;
        }
      }
      t = bracket[low];
      f = bracketF[low];
      g = bracketG[low];
    }
  }

  /**
   * The minimizer of the cubic through {@code (x1, f1)} and {@code (x2, f2)} with slopes {@code g1}
   * and {@code g2}, clamped to {@code [lower, upper]} (to the points' interval if these are NaN);
   * the interval's midpoint if the cubic has no minimum:
   *
   * <pre>
   * d1 = g1 + g2 - 3 (f1 - f2) / (x1 - x2)
   * d2 = sqrt(d1^2 - g1 g2)
   * x  = x2 - (x2 - x1) (g2 + d2 - d1) / (g2 - g1 + 2 d2)     (for x1 <= x2)
   * </pre>
   */
  static double cubicInterpolate(
      double x1,
      double f1,
      double g1,
      double x2,
      double f2,
      double g2,
      double lower,
      double upper) {
    double minBound = lower;
    double maxBound = upper;
    if (Double.isNaN(lower)) {
      minBound = x1 <= x2 ? x1 : x2;
      maxBound = x1 <= x2 ? x2 : x1;
    }
    double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
    double d2Square = d1 * d1 - g1 * g2;
    if (d2Square >= 0) {
      double d2 = Math.sqrt(d2Square);
      double minPos =
          x1 <= x2
              ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
              : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
      return pyMin(pyMax(minPos, minBound), maxBound);
    }
    return (minBound + maxBound) / 2;
  }

  // NOTE: Python's max(a, b) keeps a unless b > a (and min unless b < a), which differs from
  // Math.max for NaN and signed zeros; the line search follows Python's to take the same branches.
  private static double pyMax(double a, double b) {
    return b > a ? b : a;
  }

  private static double pyMin(double a, double b) {
    return b < a ? b : a;
  }

  /** Calls the closure with gradients enabled and checks that it returned a one-element loss. */
  private static Tensor evaluate(Supplier<Tensor> closure) {
    Tensor loss;
    try (Autograd.Scope scope = Autograd.enableGrad()) {
      loss = closure.get();
    }
    if (loss == null) {
      throw new TensorException(
          OP + ": the closure returned null; it must return the loss, a tensor of one element");
    }
    if (loss.numel() != 1) {
      throw new TensorException(
          OP
              + ": the closure must return the loss, a tensor of one element, but returned one of"
              + " shape "
              + Arrays.toString(loss.shape()));
    }
    return loss;
  }

  /** The gradients of all parameters, flattened and concatenated; zeros for a missing one. */
  private double[] gatherFlatGrad() {
    double[] flat = new double[numel];
    int offset = 0;
    for (Tensor p : params) {
      Tensor grad = p.peekGrad();
      if (grad != null) {
        double[] values = grad.toDoubleArray();
        System.arraycopy(values, 0, flat, offset, values.length);
      }
      offset += p.numel();
    }
    return flat;
  }

  /** {@code p = p + step * update} for each parameter's slice of {@code update}. */
  private void addToParams(double step, double[] update) {
    int offset = 0;
    for (Tensor p : params) {
      double[] values = p.toDoubleArray();
      // PyTorch's add_ with alpha is a fused multiply-add
      for (int i = 0; i < values.length; i++) {
        values[i] = Math.fma(step, update[offset + i], values[i]);
      }
      p.copy_(Tensor.of(values, p.dtype(), p.shape()));
      offset += values.length;
    }
  }

  private Tensor[] cloneParams() {
    Tensor[] copies = new Tensor[params.size()];
    for (int i = 0; i < copies.length; i++) copies[i] = params.get(i).detach().clone();
    return copies;
  }

  private Tensor flat(double[] values) {
    return Tensor.of(values, dtype, values.length);
  }

  private List<Tensor> flats(List<double[]> values) {
    List<Tensor> tensors = new ArrayList<>();
    for (double[] v : values) tensors.add(flat(v));
    return Collections.unmodifiableList(tensors);
  }

  private static double[] array(Object tensor) {
    return tensor == null ? null : ((Tensor) tensor).toDoubleArray();
  }

  private static List<double[]> arrays(Object tensors) {
    List<double[]> list = new ArrayList<>();
    if (tensors != null) for (Object t : (List<?>) tensors) list.add(array(t));
    return list;
  }

  private static List<Double> doubles(Object numbers) {
    List<Double> list = new ArrayList<>();
    for (Object n : (List<?>) numbers) list.add(((Number) n).doubleValue());
    return list;
  }

  private static double[] scaled(double[] v, double factor) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) out[i] = v[i] * factor;
    return out;
  }

  /** {@code v = v + alpha * w}, fused as PyTorch's {@code add_(w, alpha=alpha)}. */
  private static void addScaled(double[] v, double alpha, double[] w) {
    for (int i = 0; i < v.length; i++) v[i] = Math.fma(alpha, w[i], v[i]);
  }

  /**
   * The dot product, accumulated by fused multiply-adds in order, as the BLAS behind PyTorch does
   * for vectors of fewer than 16 elements (longer ones it splits into lanes, so they may differ in
   * the last bits).
   */
  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) s = Math.fma(a[i], b[i], s);
    return s;
  }

  private static double maxAbs(double[] v) {
    double max = 0;
    for (double x : v) {
      double a = Math.abs(x);
      if (a > max || Double.isNaN(a)) max = a;
      if (Double.isNaN(max)) return max;
    }
    return max;
  }

  /**
   * {@code sum |v_i|}, added in the order of PyTorch's CPU sum (lanes of 4, four rows of lanes,
   * cascaded every 16 rows), so that the first step length is PyTorch's to the last bit.
   */
  static double absSum(double[] v) {
    int n = v.length;
    double[] a = new double[n];
    for (int i = 0; i < n; i++) a[i] = Math.abs(v[i]);
    if (n < 4) return rowSum(a, 0, 1, n)[0];
    int vectors = n / 4;
    double[] lanes = rowSum(a, 0, 4, vectors);
    double total = 0;
    for (int k = vectors * 4; k < n; k++) total += a[k];
    for (double lane : lanes) total += lane;
    return total;
  }

  /**
   * The lane-wise sum of {@code size} consecutive vectors of {@code width} values from {@code
   * start}: accumulated in 4 interleaved rows with cascading levels, then the rows added in order.
   */
  private static double[] rowSum(double[] a, int start, int width, int size) {
    final int rows = 4;
    final int levels = 4;
    int rowsSize = size / rows;
    int ceilLog2 = rowsSize > 1 ? 32 - Integer.numberOfLeadingZeros(rowsSize - 1) : 0;
    int levelPower = Math.max(4, ceilLog2 / levels);
    int levelStep = 1 << levelPower;
    int levelMask = levelStep - 1;
    double[][][] acc = new double[levels][rows][width];
    int i = 0;
    while (i + levelStep <= rowsSize) {
      for (int j = 0; j < levelStep; j++, i++) {
        for (int k = 0; k < rows; k++) addLanes(acc[0][k], a, start + (i * rows + k) * width);
      }
      for (int j = 1; j < levels; j++) {
        for (int k = 0; k < rows; k++) {
          for (int l = 0; l < width; l++) {
            acc[j][k][l] += acc[j - 1][k][l];
            acc[j - 1][k][l] = 0;
          }
        }
        if ((i & (levelMask << (j * levelPower))) != 0) break;
      }
    }
    for (; i < rowsSize; i++) {
      for (int k = 0; k < rows; k++) addLanes(acc[0][k], a, start + (i * rows + k) * width);
    }
    for (int j = 1; j < levels; j++) {
      for (int k = 0; k < rows; k++) {
        for (int l = 0; l < width; l++) acc[0][k][l] += acc[j][k][l];
      }
    }
    double[] sum = acc[0][0];
    for (int m = rowsSize * rows; m < size; m++) addLanes(sum, a, start + m * width);
    for (int k = 1; k < rows; k++) {
      for (int l = 0; l < width; l++) sum[l] += acc[0][k][l];
    }
    return sum;
  }

  private static void addLanes(double[] sum, double[] a, int from) {
    for (int l = 0; l < sum.length; l++) sum[l] += a[from + l];
  }

  /**
   * Checks a saved LBFGS state: it belongs to the first parameter; counts are integers, {@code t},
   * {@code hDiag} and {@code prevLoss} numbers, {@code d} and {@code prevFlatGrad} flat tensors of
   * all the parameters' elements, the history lists of such tensors with one {@code ro} per pair; a
   * state past its first iteration has all of them.
   */
  @Override
  protected Map<String, Object> loadState(
      String where, Map<String, Object> saved, Tensor param, int position) {
    if (param != params.get(0)) {
      throw new IllegalArgumentException(
          "loaded state dict has LBFGS state for parameter "
              + position
              + "; LBFGS keeps its state under its first parameter");
    }
    Map<String, Object> s = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : saved.entrySet()) {
      String key = e.getKey();
      Object v = e.getValue();
      String at = where + "." + key;
      switch (key) {
        case "funcEvals":
        case "nIter":
          if (!SchedulerStates.isNonNegativeInteger(v)) {
            throw wrongType(at, v, "an integer count of at least 0");
          }
          s.put(key, ((Number) v).longValue());
          break;
        case "t":
        case "hDiag":
        case "prevLoss":
          s.put(key, expect(v, Number.class, at, "a number").doubleValue());
          break;
        case "d":
        case "prevFlatGrad":
          s.put(key, flatTensor(at, v));
          break;
        case "oldDirs":
        case "oldStps":
          {
            List<Tensor> list = new ArrayList<>();
            List<?> saved2 = expect(v, List.class, at, "a List of Tensors");
            for (int i = 0; i < saved2.size(); i++)
              list.add(flatTensor(at + "." + i, saved2.get(i)));
            s.put(key, Collections.unmodifiableList(list));
            break;
          }
        case "ro":
          {
            List<Double> list = new ArrayList<>();
            List<?> saved2 = expect(v, List.class, at, "a List of numbers");
            for (int i = 0; i < saved2.size(); i++) {
              list.add(expect(saved2.get(i), Number.class, at + "." + i, "a number").doubleValue());
            }
            s.put(key, Collections.unmodifiableList(list));
            break;
          }
        default:
          throw new IllegalArgumentException(
              "loaded state dict has an unknown LBFGS state '"
                  + key
                  + "' at "
                  + where
                  + "; LBFGS's state keys are "
                  + STATE_KEYS);
      }
    }
    Object iterations = s.get("nIter");
    if (iterations != null && (Long) iterations > 0) {
      for (String key : STATE_KEYS) {
        if (!s.containsKey(key)) {
          throw new IllegalArgumentException(
              "loaded state dict has LBFGS state at "
                  + where
                  + " past its first iteration without '"
                  + key
                  + "'");
        }
      }
    }
    int pairs = s.containsKey("oldDirs") ? ((List<?>) s.get("oldDirs")).size() : 0;
    for (String key : List.of("oldStps", "ro")) {
      int size = s.containsKey(key) ? ((List<?>) s.get(key)).size() : 0;
      if (size != pairs) {
        throw new IllegalArgumentException(
            "loaded state dict has "
                + pairs
                + " oldDirs but "
                + size
                + " "
                + key
                + " at "
                + where
                + "; LBFGS's history lists have one entry per pair");
      }
    }
    return s;
  }

  /** A saved flattened tensor of all the parameters' elements, copied in the state's dtype. */
  private Tensor flatTensor(String where, Object v) {
    Tensor t = expect(v, Tensor.class, where, "a Tensor of shape [" + numel + "]");
    if (t.shape().length != 1 || t.shape()[0] != numel) {
      throw new IllegalArgumentException(
          "loaded state dict has "
              + where
              + " of shape "
              + Arrays.toString(t.shape())
              + ", expected ["
              + numel
              + "] (all the parameters' elements, flattened)");
    }
    return t.detach().to(dtype).clone();
  }
}
