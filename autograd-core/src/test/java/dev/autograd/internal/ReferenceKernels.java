package dev.autograd.internal;

/**
 * The kernels' definitions as the simplest loops, one element at a time in row-major order through
 * the strided walk, computed in double: what every fast path is tested against.
 */
final class ReferenceKernels {
  private ReferenceKernels() {}

  static void copy(StridedView src, StridedView dst) {
    StridedView.Walker ws = src.walker();
    StridedView.Walker wd = dst.walker();
    for (int i = 0; i < dst.numel(); i++)
      dst.storage().set(wd.next(), src.storage().get(ws.next()));
  }

  static void unary(UnaryFn fn, double p, double q, StridedView x, StridedView out) {
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < out.numel(); i++) {
      out.storage().set(wd.next(), fn.apply(x.storage().get(ws.next()), p, q));
    }
  }

  static void binary(BinaryFn fn, StridedView a, StridedView b, StridedView out) {
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < out.numel(); i++) {
      double va = a.storage().get(wa.next());
      double vb = b.storage().get(wb.next());
      out.storage().set(wd.next(), fn.apply(va, vb));
    }
  }

  static void where(StridedView cond, StridedView a, StridedView b, StridedView out) {
    StridedView.Walker wc = cond.walker();
    StridedView.Walker wa = a.walker();
    StridedView.Walker wb = b.walker();
    StridedView.Walker wd = out.walker();
    for (int i = 0; i < out.numel(); i++) {
      double va = a.storage().get(wa.next());
      double vb = b.storage().get(wb.next());
      out.storage().set(wd.next(), cond.storage().get(wc.next()) != 0 ? va : vb);
    }
  }

  static void reduce(
      ReduceFn fn, StridedView x, int groupSize, StridedView out, StridedView indices) {
    StridedView.Walker ws = x.walker();
    StridedView.Walker wd = out.walker();
    StridedView.Walker wi = indices == null ? null : indices.walker();
    for (int g = 0; g < out.numel(); g++) {
      double acc = fn == ReduceFn.SUM ? 0 : fn == ReduceFn.PROD ? 1 : Double.NaN;
      int best = 0;
      for (int i = 0; i < groupSize; i++) {
        double v = x.storage().get(ws.next());
        if (fn == ReduceFn.SUM) {
          acc += v;
        } else if (fn == ReduceFn.PROD) {
          acc *= v;
        } else if (i == 0) {
          acc = v;
        } else if (!Double.isNaN(acc)
            && (Double.isNaN(v) || (fn == ReduceFn.MAX ? v > acc : v < acc))) {
          acc = v;
          best = i;
        }
      }
      out.storage().set(wd.next(), acc);
      if (wi != null) indices.storage().set(wi.next(), best);
    }
  }
}
