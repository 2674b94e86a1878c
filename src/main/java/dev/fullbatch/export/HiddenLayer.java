package dev.fullbatch.export;

import dev.fullbatch.model.Activation;
import java.util.Objects;

/**
 * A hidden layer of a network: an affine map followed by an elementwise activation. Immutable.
 *
 * @param affine the layer's weights and biases
 * @param activation the nonlinearity applied to each output
 */
public record HiddenLayer(Affine affine, Activation activation) {

    /** Both parts are required. */
    public HiddenLayer {
        Objects.requireNonNull(affine, "affine");
        Objects.requireNonNull(activation, "activation");
    }
}
