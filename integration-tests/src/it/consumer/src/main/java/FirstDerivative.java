import dev.autograd.Tensor;

public class FirstDerivative {
  public static void main(String[] args) {
    Tensor x = Tensor.scalar(2.0).requiresGrad(true); // a leaf whose gradient we want
    Tensor y = x.pow(3).sub(x.mul(4)).sub(5);          // y = x³ − 4x − 5, recorded
    y.backward();                                      // dy/dx into x.grad()
    System.out.println("dy/dx at x = 2: " + x.grad().item());
  }
}
