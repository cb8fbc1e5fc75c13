/*
 * Tunnel headers are read in one place: the packets module's encapsulation registry. Every
 * Encapsulation lives in its package, Pcap4J (and our Pcap4J tunnel classes) are used inside
 * packets only, and no class of any module outside the registry's package writes a tunnel's UDP
 * port number itself (the registry's port fields are not compile-time constants, so a named use
 * compiles to a read of the field and only a number written anew shows up in the bytecode).
 */
package org.overlaylab.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.overlaylab.packets.encap.Encapsulation;
import org.overlaylab.packets.encap.Encapsulations;

class EncapsulationRulesTest {
    private static final String REGISTRY = "org.overlaylab.packets.encap";

    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.overlaylab");

    /** Every UDP port the registry names a tunnel by. */
    private static final Set<Integer> PORTS = Encapsulations.all().stream()
            .filter(e -> e.carrier() == Encapsulation.Carrier.UDP_PORT)
            .flatMap(e -> java.util.Arrays.stream(e.numbers()).boxed())
            .collect(Collectors.toCollection(TreeSet::new));

    @Test
    void theRuleSeesEveryModule() {
        Set<String> modules = new TreeSet<>();
        for (JavaClass c : ALL) {
            String[] parts = c.getPackageName().split("\\.");
            if (parts.length > 2) {
                modules.add(parts[2]);
            }
        }
        assertThat(modules).contains("model", "labfile", "packets", "simulator", "hosts", "app");
        assertThat(PORTS).contains(4789, 8472, 6081, 4790);
    }

    @Test
    void encapsulationsLiveInTheRegistryPackage() {
        classes().that().areAssignableTo(Encapsulation.class).should().resideInAPackage(REGISTRY).check(ALL);
    }

    @Test
    void pcap4jAndItsTunnelClassesStayInPackets() {
        noClasses().that().resideOutsideOfPackage("org.overlaylab.packets..").should().dependOnClassesThat()
                .resideInAnyPackage("org.pcap4j..", "org.overlaylab.packets.pcap4j..").check(ALL);
    }

    @Test
    void noClassOutsideTheRegistryWritesATunnelPortItself() {
        noClasses().that().resideOutsideOfPackage(REGISTRY).should(writeTunnelPortNumbers()).check(ALL);
    }

    /** Int constants in code, switch labels, constant fields, and whole numbers in string constants. */
    private static ArchCondition<JavaClass> writeTunnelPortNumbers() {
        Pattern inText = Pattern.compile("(?<![0-9])(" + PORTS.stream().map(String::valueOf)
                .collect(Collectors.joining("|")) + ")(?![0-9])");
        return new ArchCondition<>("write a tunnel's UDP port number (" + PORTS + ") instead of naming it") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (String where : portConstants(item, inText)) {
                    events.add(SimpleConditionEvent.satisfied(item, item.getName() + " writes " + where));
                }
            }
        };
    }

    private static List<String> portConstants(JavaClass c, Pattern inText) {
        List<String> found = new ArrayList<>();
        String resource = "/" + c.getName().replace('.', '/') + ".class";
        byte[] bytes;
        try (InputStream in = EncapsulationRulesTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("class file not found: " + resource);
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
                constant(value, "field " + name);
                return null;
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String method = name;
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitIntInsn(int opcode, int operand) {
                        if (opcode == Opcodes.SIPUSH) {
                            constant(operand, method + "()");
                        }
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        constant(value, method + "()");
                    }

                    @Override
                    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                        for (int k : keys) {
                            constant(k, method + "() case");
                        }
                    }

                    @Override
                    public void visitTableSwitchInsn(int min, int max, Label dflt, Label... labels) {
                        for (int port : PORTS) {
                            if (port >= min && port <= max) {
                                found.add(port + " as a case in " + method + "()");
                            }
                        }
                    }
                };
            }

            private void constant(Object value, String where) {
                if (value instanceof Integer i && PORTS.contains(i)) {
                    found.add(i + " in " + where);
                } else if (value instanceof String s && inText.matcher(s).find()) {
                    found.add("\"" + s + "\" in " + where);
                }
            }
        }, ClassReader.SKIP_DEBUG);
        return found;
    }
}
