/*
 * Draftail plugin for the "contact" rich text feature: the editor chooses a contact in Wagtail's
 * snippet chooser; the text stores only the contact's id (see wegweiser/contacts/rich_text.py).
 * The block in the editor is Wagtail's own embed block, which names the contact.
 */
(() => {
  const { draftail } = window;

  class ContactSource extends draftail.ModalWorkflowSource {
    getChooserConfig() {
      const { contactChooser } = { ...this.props.entityType.chooserUrls };
      return {
        url: contactChooser,
        urlParams: {},
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: this.onChosen },
      };
    }

    filterEntityData(data) {
      return {
        id: data.id,
        title: data.string,
        authorName: data.string,
        providerName: this.props.entityType.description,
        thumbnail: '',
        url: data.edit_url || '',
      };
    }
  }

  const plugins = draftail.registerPlugin({ type: 'CONTACT', source: ContactSource }, 'entityTypes');
  plugins.CONTACT.block = plugins.EMBED.block;
})();
