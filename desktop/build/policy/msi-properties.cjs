'use strict';
/**
 * electron-builder `msiProjectCreated` hook (see electron-builder.yml): adds the
 * public MSI properties SERVER_URL and PRIVACY_MODE to the WiX project that
 * app-builder-lib generated from its templates/msi/template.xml, before WiX
 * compiles it. For silent installs:
 *
 *   msiexec /i Plantao-<version>-x64.msi /qn SERVER_URL=https://plantao.hospital.example.br PRIVACY_MODE=1
 *
 * Each property given writes the value Group Policy would write
 * (HKLM\Software\Policies\Plantao: serverUrl REG_SZ, privacyMode REG_DWORD),
 * so the app reads it through the same registry policy reader, schema and
 * fail-closed rules (desktop/src/main/managed-config/registry-policy.ts).
 *
 * - A property not given writes nothing (component condition).
 * - Upgrades and repairs without the properties keep what an earlier install
 *   wrote (read back by RegistrySearch); a property given again replaces it.
 * - Uninstalling removes the values the MSI wrote.
 * - The components sit in their own hidden feature, not in the feature of
 *   the advertised shortcuts, so launching a shortcut never "repairs" them.
 * - Launch conditions refuse an SERVER_URL that is not https:// and a
 *   PRIVACY_MODE other than 0 or 1 (msiexec fails with the message in its log);
 *   the app validates the URL fully anyway.
 *
 * Written in the dialect of app-builder-lib's template (WiX 4.0.0.5512, v3-style
 * elements in the v4 namespace: <Product>, <Condition> children). The component
 * GUIDs are fixed for the life of the product, like the upgrade code.
 * desktop/test/msi-properties.test.ts renders the real template and checks the result.
 */
/* global require, module */
// CommonJS, loaded by electron-builder's hook resolver (require, or import as a fallback).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { readFile, writeFile } = require('node:fs/promises');

const POLICY_KEY = 'Software\\Policies\\Plantao';

/** MSI property → the policy value it writes. */
const MSI_PROPERTIES = {
  SERVER_URL: { valueName: 'serverUrl', type: 'string' },
  PRIVACY_MODE: { valueName: 'privacyMode', type: 'integer' },
};

const FRAGMENT = `
    <!-- Plantão: SERVER_URL and PRIVACY_MODE for silent installs (desktop/build/policy/msi-properties.cjs) -->
    <Property Id="SERVER_URL" Secure="yes"/>
    <Property Id="PRIVACY_MODE" Secure="yes"/>
    <Property Id="PLANTAO_PREVIOUS_SERVER_URL" Secure="yes">
      <RegistrySearch Id="PlantaoPreviousServerUrl" Root="HKLM" Key="${POLICY_KEY}" Name="serverUrl" Type="raw"/>
    </Property>
    <Property Id="PLANTAO_PREVIOUS_PRIVACY_MODE" Secure="yes">
      <RegistrySearch Id="PlantaoPreviousPrivacyMode" Root="HKLM" Key="${POLICY_KEY}" Name="privacyMode" Type="raw"/>
    </Property>
    <!-- An upgrade or repair without the property keeps the earlier value (a raw DWORD reads back as "#1"). -->
    <SetProperty Id="SERVER_URL" Action="PlantaoKeepServerUrl" Value="[PLANTAO_PREVIOUS_SERVER_URL]" After="AppSearch" Sequence="first"><![CDATA[SERVER_URL = "" AND PLANTAO_PREVIOUS_SERVER_URL <> ""]]></SetProperty>
    <SetProperty Id="PRIVACY_MODE" Action="PlantaoKeepPrivacyOn" Value="1" After="AppSearch" Sequence="first"><![CDATA[PRIVACY_MODE = "" AND PLANTAO_PREVIOUS_PRIVACY_MODE = "#1"]]></SetProperty>
    <SetProperty Id="PRIVACY_MODE" Action="PlantaoKeepPrivacyOff" Value="0" After="AppSearch" Sequence="first"><![CDATA[PRIVACY_MODE = "" AND PLANTAO_PREVIOUS_PRIVACY_MODE = "#0"]]></SetProperty>
    <Condition Message="SERVER_URL must be an https:// address, for example SERVER_URL=https://plantao.hospital.example.br"><![CDATA[Installed OR SERVER_URL = "" OR SERVER_URL ~<< "https://"]]></Condition>
    <Condition Message="PRIVACY_MODE must be 1 (privacy mode on) or 0 (off)."><![CDATA[Installed OR PRIVACY_MODE = "" OR PRIVACY_MODE = "0" OR PRIVACY_MODE = "1"]]></Condition>
    <DirectoryRef Id="TARGETDIR">
      <!-- Transitive: a repair re-evaluates the condition, so a property that became empty removes its value instead of writing an empty one. -->
      <Component Id="PlantaoPolicyServerUrl" Guid="4186EC96-E714-4CA7-B41A-9AFEE096C784" Transitive="yes">
        <RegistryValue Root="HKLM" Key="${POLICY_KEY}" Name="${MSI_PROPERTIES.SERVER_URL.valueName}" Type="${MSI_PROPERTIES.SERVER_URL.type}" Value="[SERVER_URL]" KeyPath="yes"/>
        <Condition><![CDATA[SERVER_URL <> ""]]></Condition>
      </Component>
      <Component Id="PlantaoPolicyPrivacyMode" Guid="AA27D8EE-1394-43AE-811E-39B2AADEC30A" Transitive="yes">
        <RegistryValue Root="HKLM" Key="${POLICY_KEY}" Name="${MSI_PROPERTIES.PRIVACY_MODE.valueName}" Type="${MSI_PROPERTIES.PRIVACY_MODE.type}" Value="[PRIVACY_MODE]" KeyPath="yes"/>
        <Condition><![CDATA[PRIVACY_MODE <> ""]]></Condition>
      </Component>
    </DirectoryRef>
    <Feature Id="PlantaoMachinePolicy" Level="1" Absent="disallow" Display="hidden">
      <ComponentRef Id="PlantaoPolicyServerUrl"/>
      <ComponentRef Id="PlantaoPolicyPrivacyMode"/>
    </Feature>
`;

/** The project with the fragment added; refuses a project it does not recognise rather than ship an MSI without the properties. */
function addMsiProperties(wxs) {
  const closings = wxs.split('</Product>').length - 1;
  if (closings !== 1) {
    throw new Error(
      `msi-properties: expected exactly one </Product> in the MSI project, found ${closings}; ` +
        "app-builder-lib's MSI template changed: update desktop/build/policy/msi-properties.cjs",
    );
  }
  if (wxs.includes('Id="SERVER_URL"')) throw new Error('msi-properties: the MSI project already defines SERVER_URL');
  return wxs.replace('</Product>', `${FRAGMENT}  </Product>`);
}

async function msiProjectCreated(projectFile) {
  await writeFile(projectFile, addMsiProperties(await readFile(projectFile, 'utf8')), 'utf8');
}

module.exports = { msiProjectCreated, addMsiProperties, MSI_PROPERTIES, POLICY_KEY };
