import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Validates FHIR R4 resources against base R4 (and the StructureDefinitions and CodeSystems
 * given with --definitions), offline. Each argument is a .json file (one resource, or a Bundle)
 * or an .ndjson file (one resource a line). Prints one line per error or warning,
 * "severity<TAB>file:line<TAB>location<TAB>message", then "checked N resources, E errors".
 * Exits 1 when there is an error.
 */
public class Validate {
    public static void main(String[] args) throws Exception {
        FhirContext context = FhirContext.forR4();
        PrePopulatedValidationSupport ours = new PrePopulatedValidationSupport(context);
        List<String> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--definitions")) {
                for (Path path : Files.newDirectoryStream(Path.of(args[++i]), "*.json")) {
                    ours.addResource(context.newJsonParser().parseResource(Files.readString(path, StandardCharsets.UTF_8)));
                }
            } else {
                files.add(args[i]);
            }
        }
        ValidationSupportChain chain = new ValidationSupportChain(
            ours,
            new DefaultProfileValidationSupport(context),
            new CommonCodeSystemsTerminologyService(context),
            new InMemoryTerminologyServerValidationSupport(context),
            new SnapshotGeneratingValidationSupport(context));
        FhirInstanceValidator instance = new FhirInstanceValidator(chain);
        instance.setAnyExtensionsAllowed(false);
        FhirValidator validator = context.newValidator().registerValidatorModule(instance);
        int checked = 0;
        int errors = 0;
        for (String file : files) {
            List<String> lines = file.endsWith(".ndjson")
                ? Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)
                : List.of(Files.readString(Path.of(file), StandardCharsets.UTF_8));
            for (int n = 0; n < lines.size(); n++) {
                if (lines.get(n).isBlank()) {
                    continue;
                }
                checked++;
                ValidationResult result = validator.validateWithResult(lines.get(n));
                for (SingleValidationMessage message : result.getMessages()) {
                    ResultSeverityEnum severity = message.getSeverity();
                    if (severity == ResultSeverityEnum.INFORMATION) {
                        continue;
                    }
                    if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) {
                        errors++;
                    }
                    System.out.println(severity.getCode() + "\t" + file + ":" + (n + 1) + "\t"
                        + message.getLocationString() + "\t" + message.getMessage());
                }
            }
        }
        System.out.println("checked " + checked + " resources, " + errors + " errors");
        System.exit(errors == 0 ? 0 : 1);
    }
}
