package org.selfreg.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.selfreg.dataprep.InvalidInputException;

class RegisteredModelUriTest {

    @Test
    void aVersionByNumber() {
        RegisteredModelUri uri = RegisteredModelUri.parse("models:/synapse-unet/12");
        assertEquals(new RegisteredModelUri("synapse-unet", "12", null), uri);
        assertEquals("models:/synapse-unet/12", uri.toString());
    }

    @Test
    void aVersionByAlias() {
        RegisteredModelUri uri = RegisteredModelUri.parse("models:/selfreg-demo@champion");
        assertEquals(new RegisteredModelUri("selfreg-demo", null, "champion"), uri);
        assertEquals("models:/selfreg-demo@champion", uri.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"models:/", "models:/synapse", "models:/synapse/", "models:/synapse/latest",
        "models:/synapse/0", "models:/synapse/1/2", "models:/synapse@", "models:/@champion",
        "models:/synapse@champion/1", "models:/a/b@c", "runs:/abc"})
    void anythingElseIsRefusedWithBothForms(String text) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> RegisteredModelUri.parse(text));
        assertTrue(e.getMessage().contains("'" + text + "' is not a registered model URI")
                && e.getMessage().contains("models:/NAME/VERSION") && e.getMessage().contains("models:/NAME@ALIAS"),
                e.getMessage());
    }

    @Test
    void onlyModelsUrisAreMeantAsOnes() {
        assertTrue(RegisteredModelUri.isOne("models:/x@y"));
        assertFalse(RegisteredModelUri.isOne("runs:/abc"));
        assertFalse(RegisteredModelUri.isOne("./models/x"));
    }
}
